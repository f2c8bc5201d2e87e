import ArgumentParser
import LogMining
import Reports
import Workflows

struct Deploys: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List indexed deployments.")

    @OptionGroup var store: StoreOptions

    @Flag(help: "List deployments of every service.")
    var allServices = false

    @Option(help: "Output: text, json.")
    var format: OutputFormat = .text

    func run() throws {
        let list = try StoreListing.deployments(store: try store.location(), service: allServices ? nil : store.service)
        try OutputWriter.print(format == .json ? try JSONOutput.document(list) : ListingRenderer.deployments(list))
    }
}

struct Templates: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List a deployment's templates with counts, most frequent first.")

    @OptionGroup var store: StoreOptions

    @Option(help: "The deployment.")
    var deploy: String

    @Option(help: "Show at most this many templates.")
    var top: Int?

    @Option(help: "Only templates with records at this level or more severe (e.g. WARN, ERROR).")
    var level: LogLevel?

    @Option(help: "Output: text, json.")
    var format: OutputFormat = .text

    func validate() throws {
        try NameValidation.check(deploy, flag: "--deploy", what: "deployment")
    }

    func run() throws {
        let stats = try StoreListing.templates(
            store: try store.location(), service: store.service, deployment: deploy, minLevel: level, top: top)
        try OutputWriter.print(format == .json ? try JSONOutput.document(stats) : ListingRenderer.templates(stats))
    }
}

struct Ack: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Acknowledge a template's changes as expected (kept in the store).")

    @OptionGroup var store: StoreOptions

    @Argument(help: "The template id (T12 or 12).")
    var template: String

    @Option(help: "Why the change is expected.")
    var reason: String = "acknowledged"

    func run() throws {
        guard let id = Int(template.hasPrefix("T") ? String(template.dropFirst()) : template) else {
            throw ValidationError("'\(template)' is not a template id; use the id 'deploydiff templates' shows, like T12")
        }
        try StoreListing.acknowledge(store: try store.location(), service: store.service, template: id, reason: reason)
        print("T\(id) acknowledged: \(reason)")
    }
}
