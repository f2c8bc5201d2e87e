import Foundation
import ModelTier

extension PolicyLoader {
    /// The policy file to use: `path`, else the nearest `.deploydiff.yml` from the working directory up.
    static func locate(_ path: String?) -> String? {
        locate(path, from: FileManager.default.currentDirectoryPath)
    }
}
