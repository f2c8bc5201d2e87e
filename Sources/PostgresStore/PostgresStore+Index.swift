import Foundation
import LogMining
import PatternStore

/// What an indexer reads and writes (`IndexStore`).
extension PostgresStore: IndexStore {
    public func service(named name: String, config: MinerConfig) throws -> ServiceInfo {
        let json = String(decoding: try JSONEncoder().encode(config), as: UTF8.self)
        let (id, stored) = try session.transaction { tx in
            // Insert-if-absent: the identity is drawn only when the row is new, so ids stay dense.
            try tx.rows(
                """
                INSERT INTO service(name, miner_config, created_at) SELECT $1, $2, $3
                WHERE NOT EXISTS (SELECT 1 FROM service WHERE name = $1) ON CONFLICT (name) DO NOTHING
                """, [.text(name), .text(json), .text(Self.now())])
            let r = try tx.rows("SELECT id, miner_config FROM service WHERE name = $1", [.text(name)])[0]
            return (try r.int(0), try r.string(1))
        }
        return ServiceInfo(id: id, name: name, config: try JSONDecoder().decode(MinerConfig.self, from: Data(stored.utf8)))
    }

    public func loadMiner(_ service: ServiceInfo) throws -> TemplateMiner {
        let rows = try session.transaction(.repeatableReadOnly) { tx in
            try tx.rows("SELECT id, state FROM template WHERE service_id = $1 ORDER BY id", [.int(service.id)]).map { (try $0.int(0), try $0.string(1)) }
        }
        var templates: [MinerState.StoredTemplate] = []
        for (i, (id, state)) in rows.enumerated() {
            guard id == i + 1 else {
                throw PatternStoreError.corruptTemplate(service: service.name, id: i + 1, reason: "missing from the store")
            }
            do { templates.append(try MinerState.StoredTemplate(compact: state)) } catch {
                throw PatternStoreError.corruptTemplate(service: service.name, id: Int(id), reason: "\(error)")
            }
        }
        return try TemplateMiner(state: MinerState(version: MinerState.currentVersion, config: service.config, templates: templates))
    }

    public func deploymentID(service: ServiceInfo, name: String) throws -> Int64? {
        try session.transaction(.repeatableReadOnly) { tx in
            try tx.rows("SELECT id FROM deployment WHERE service_id = $1 AND name = $2", [.int(service.id), .text(name)]).first?.int(0)
        }
    }

    public func sources(deployment: Int64) throws -> [SourceProgress] {
        try session.transaction(.repeatableReadOnly) { tx in
            try tx.rows(
                """
                SELECT key, path, size, device, inode, mtime, head_hash, "offset", lines FROM source
                WHERE deployment_id = $1 ORDER BY key COLLATE "C"
                """, [.int(deployment)]
            ).map {
                SourceProgress(
                    key: try $0.string(0), path: try $0.string(1), size: try $0.int(2), device: try $0.int(3), inode: try $0.int(4),
                    mtime: try $0.int(5), headHash: try $0.string(6), offset: try $0.int(7), lines: try $0.int(8))
            }
        }
    }

    public func valueRows(deployment: Int64) throws -> [ValueRow] {
        try session.transaction(.repeatableReadOnly) { tx in
            try tx.rows(
                """
                SELECT template_id, position, value, count FROM value_count WHERE deployment_id = $1
                ORDER BY template_id, position, count DESC, value COLLATE "C"
                """, [.int(deployment)]
            ).map { ValueRow(template: Int(try $0.int(0)), position: Int(try $0.int(1)), value: try $0.string(2), count: Int(try $0.int(3))) }
        }
    }

    public func loadSamplePriorities(deployment: Int64, into floor: SampleFloor) throws {
        let rows = try session.transaction(.repeatableReadOnly) { tx in
            try tx.rows("SELECT template_id, priority FROM sample WHERE deployment_id = $1", [.int(deployment)]).map { (try $0.int(0), try $0.int(1)) }
        }
        for (t, p) in rows { floor.load(Int(t), p) }
    }

    /// Nothing to do: the server makes a commit durable.
    public func checkpoint() {}

    /// A session-level advisory lock on its own connection, held while the returned object lives
    /// and released by the server when the process dies (its connection closes).
    public func lockService(_ name: String, waiting: () -> Void) throws -> AnyObject {
        let holder = try connect()
        let key = Self.lockKey("service:" + name)
        let got = try holder.transaction { try $0.rows("SELECT pg_try_advisory_lock($1)", [.int(key)])[0][0].decode(Bool.self) }
        if !got {
            waiting()
            try holder.transaction { try $0.rows("SELECT pg_advisory_lock($1)", [.int(key)]) }
        }
        return holder
    }
}
