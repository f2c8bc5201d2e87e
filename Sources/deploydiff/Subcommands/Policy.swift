import ArgumentParser
import Foundation
import DeployGate

struct Policy: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check or create a gate policy file.", subcommands: [Check.self, Init.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Validate a policy file (default: .deploydiff.yml found upwards).")
        @Argument var file: String?
        func run() throws {
            guard let path = PolicyFile.locate(file) else { throw CLIError.message("no \(PolicyLoader.fileName) here or above; create one with 'deploydiff policy init'") }
            let p = try PolicyLoader.load(path)
            print("\(path): ok, preset \((p.preset ?? .default).rawValue), \(p.effectiveRules.count) rules, \(p.ignore?.count ?? 0) ignores, \(p.services?.count ?? 0) service overrides")
        }
    }

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write a commented default .deploydiff.yml.")
        @Argument var file: String = PolicyLoader.fileName
        @Flag var force = false
        func run() throws {
            if FileManager.default.fileExists(atPath: file), !force { throw CLIError.message("\(file) exists; use --force to overwrite it") }
            try PolicyLoader.template.write(toFile: file, atomically: true, encoding: .utf8)
            print("wrote \(file)")
        }
    }
}

enum PolicyFile {
    /// The policy file to use: `path`, else the nearest `.deploydiff.yml` from the working directory up.
    static func locate(_ path: String?) -> String? {
        PolicyLoader.locate(path, from: FileManager.default.currentDirectoryPath)
    }
}
