import GRDB

/// The store's schema as named, append-only migrations: a newer binary applies the ones it adds;
/// an older binary refuses a store that has migrations it does not know.
enum Schema {
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("2026-11-v1-initial") { db in
            try db.execute(sql: """
                CREATE TABLE service (
                  id INTEGER PRIMARY KEY,
                  name TEXT NOT NULL UNIQUE,
                  miner_config TEXT NOT NULL,
                  created_at TEXT NOT NULL);
                CREATE TABLE deployment (
                  id INTEGER PRIMARY KEY,
                  service_id INTEGER NOT NULL REFERENCES service(id),
                  name TEXT NOT NULL,
                  commit_id TEXT,
                  source TEXT,
                  indexed_at TEXT NOT NULL,
                  first_ts INTEGER,
                  last_ts INTEGER,
                  records INTEGER NOT NULL DEFAULT 0,
                  lines INTEGER NOT NULL DEFAULT 0,
                  bytes INTEGER NOT NULL DEFAULT 0,
                  UNIQUE(service_id, name));
                CREATE TABLE deployment_skip (
                  deployment_id INTEGER NOT NULL REFERENCES deployment(id),
                  reason TEXT NOT NULL,
                  count INTEGER NOT NULL,
                  PRIMARY KEY(deployment_id, reason)) WITHOUT ROWID;
                CREATE TABLE template (
                  service_id INTEGER NOT NULL REFERENCES service(id),
                  id INTEGER NOT NULL,
                  text TEXT NOT NULL,
                  token_count INTEGER NOT NULL,
                  first_deployment_id INTEGER REFERENCES deployment(id),
                  merged_into INTEGER,
                  state TEXT NOT NULL,
                  PRIMARY KEY(service_id, id)) WITHOUT ROWID;
                CREATE TABLE template_count (
                  deployment_id INTEGER NOT NULL REFERENCES deployment(id),
                  template_id INTEGER NOT NULL,
                  count INTEGER NOT NULL,
                  n_unknown INTEGER NOT NULL DEFAULT 0,
                  n_trace INTEGER NOT NULL DEFAULT 0,
                  n_debug INTEGER NOT NULL DEFAULT 0,
                  n_info INTEGER NOT NULL DEFAULT 0,
                  n_notice INTEGER NOT NULL DEFAULT 0,
                  n_warning INTEGER NOT NULL DEFAULT 0,
                  n_error INTEGER NOT NULL DEFAULT 0,
                  n_fatal INTEGER NOT NULL DEFAULT 0,
                  first_ts INTEGER,
                  last_ts INTEGER,
                  PRIMARY KEY(deployment_id, template_id)) WITHOUT ROWID;
                CREATE TABLE template_minute (
                  deployment_id INTEGER NOT NULL,
                  template_id INTEGER NOT NULL,
                  minute INTEGER NOT NULL,
                  count INTEGER NOT NULL,
                  PRIMARY KEY(deployment_id, template_id, minute)) WITHOUT ROWID;
                CREATE TABLE sample (
                  deployment_id INTEGER NOT NULL,
                  template_id INTEGER NOT NULL,
                  priority INTEGER NOT NULL,
                  source TEXT NOT NULL,
                  line INTEGER NOT NULL,
                  text TEXT NOT NULL,
                  PRIMARY KEY(deployment_id, template_id, priority)) WITHOUT ROWID;
                CREATE TABLE value_count (
                  deployment_id INTEGER NOT NULL,
                  template_id INTEGER NOT NULL,
                  position INTEGER NOT NULL,
                  value TEXT NOT NULL,
                  count INTEGER NOT NULL,
                  PRIMARY KEY(deployment_id, template_id, position, value)) WITHOUT ROWID;
                CREATE TABLE source (
                  id INTEGER PRIMARY KEY,
                  deployment_id INTEGER NOT NULL REFERENCES deployment(id),
                  path TEXT NOT NULL,
                  size INTEGER NOT NULL,
                  inode INTEGER NOT NULL,
                  mtime INTEGER NOT NULL,
                  head_hash TEXT NOT NULL,
                  offset INTEGER NOT NULL,
                  lines INTEGER NOT NULL,
                  UNIQUE(deployment_id, path));
                """)
        }
        m.registerMigration("2026-11-v2-acknowledgements") { db in
            try db.execute(sql: """
                CREATE TABLE acknowledgement (
                  service_id INTEGER NOT NULL REFERENCES service(id),
                  template_id INTEGER NOT NULL,
                  reason TEXT NOT NULL,
                  created_at TEXT NOT NULL,
                  PRIMARY KEY(service_id, template_id)) WITHOUT ROWID;
                """)
        }
        m.registerMigration("2026-11-v3-finding-cache") { db in
            try db.execute(sql: """
                CREATE TABLE finding_cache (
                  key TEXT PRIMARY KEY,
                  finding TEXT NOT NULL,
                  created_at TEXT NOT NULL) WITHOUT ROWID;
                """)
        }
        m.registerMigration("2026-12-v4-source-identity") { db in
            // Sources keyed by identity, not by path: the same records under another path (a
            // rename, a rotation, a compressed copy, a symlink) continue one row.
            try db.execute(sql: """
                CREATE TABLE source_v4 (
                  deployment_id INTEGER NOT NULL REFERENCES deployment(id),
                  key TEXT NOT NULL,
                  path TEXT NOT NULL,
                  size INTEGER NOT NULL,
                  device INTEGER NOT NULL DEFAULT 0,
                  inode INTEGER NOT NULL,
                  mtime INTEGER NOT NULL,
                  head_hash TEXT NOT NULL,
                  offset INTEGER NOT NULL,
                  lines INTEGER NOT NULL,
                  PRIMARY KEY(deployment_id, key)) WITHOUT ROWID;
                INSERT INTO source_v4(deployment_id, key, path, size, inode, mtime, head_hash, offset, lines)
                  SELECT deployment_id, 'path:' || path, path, size, inode, mtime, head_hash, offset, lines FROM source;
                DROP TABLE source;
                ALTER TABLE source_v4 RENAME TO source;
                """)
        }
        m.registerMigration("2026-12-v5-reviews") { db in
            // What a diff or gate concluded about a deployment, and each change it found with the
            // code it was linked to: `deploys` shows the verdict, `history` the commits linked each
            // time, and a later diff finds a fixed bug that returns (a vanished template or trace
            // whose disappearance a commit or a removed statement explains).
            try db.execute(sql: """
                CREATE TABLE review (
                  id INTEGER PRIMARY KEY,
                  candidate_id INTEGER NOT NULL REFERENCES deployment(id),
                  baseline_id INTEGER NOT NULL REFERENCES deployment(id),
                  verdict TEXT NOT NULL,
                  gate TEXT,
                  top TEXT,
                  recorded_at TEXT NOT NULL,
                  UNIQUE(candidate_id, baseline_id));
                CREATE TABLE review_change (
                  review_id INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
                  change_id TEXT NOT NULL,
                  kind TEXT NOT NULL,
                  template_id INTEGER NOT NULL,
                  level TEXT NOT NULL,
                  classification TEXT,
                  count_a INTEGER NOT NULL,
                  count_b INTEGER NOT NULL,
                  commit_id TEXT,
                  commit_subject TEXT,
                  commit_author TEXT,
                  statement TEXT,
                  exception TEXT,
                  frames TEXT NOT NULL DEFAULT '',
                  detail TEXT,
                  fixed_template INTEGER,
                  PRIMARY KEY(review_id, change_id)) WITHOUT ROWID;
                """)
        }
        return m
    }
}
