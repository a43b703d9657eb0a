namespace CrossBorder.Storage.Postgres;

/// <summary>
/// The schema of the PostgreSQL store: the tables of the SQLite store (see <c>SqliteSchema</c>) with
/// the same columns and meanings, as PostgreSQL types, versioned in the table <c>crossborder_schema</c>.
/// </summary>
/// <remarks>
/// <para>Times are BIGINT unix milliseconds (UTC), message types and reason codes INTEGER values of
/// their protobuf enums, states the texts of <c>StateNames</c>, bytes BYTEA. Ids are compared and
/// sorted byte by byte (<c>COLLATE "C"</c>), as SQLite does.</para>
/// <para>Beyond SQLite's: <c>outbox.lease_owner</c>, the replica holding a SENDING lease (see
/// <see cref="PostgresStoreOptions.Replica"/>). The audit chain and its checkpoints are append-only,
/// enforced by triggers on UPDATE, DELETE and TRUNCATE.</para>
/// <para>Replicas are upgraded one at a time, so a step must leave the schema usable by the code of
/// the version before it (add, never rename or drop), or raise <see cref="ReadableFrom"/>: a replica
/// whose code is older than that refuses to start on the upgraded database instead of misreading it.
/// Step N brings the version from N - 1 to N, in one transaction, under an advisory lock so that two
/// replicas starting together do not both run it.</para>
/// </remarks>
internal static class PostgresSchema
{
    /// <summary>The schema version this code reads and writes.</summary>
    public static int Version => Steps.Length;

    /// <summary>The oldest code version that can still work on a database of <see cref="Version"/>.</summary>
    /// <remarks>2: version 2 adds states (CANCELLED, WITHDRAWN, …) that the code of version 1 cannot read.</remarks>
    public const int ReadableFrom = 2;

    /// <summary>Advisory lock key taken while the schema is read and upgraded.</summary>
    public const long MigrationLock = 0x43420001;

    /// <summary>Advisory lock key that orders the appends to the audit chain (transaction scoped).</summary>
    public const long AuditLock = 0x43420002;

    /// <summary>
    /// Advisory lock key (transaction scoped) taken by a notice's commit before it looks at the messages
    /// it names, and by a message's commit before it looks for notices awaiting it: one of the two sees the other.
    /// </summary>
    public const long NoticeLock = 0x43420003;

    public const string CreateVersionTable = """
        CREATE TABLE IF NOT EXISTS crossborder_schema (
            id            INTEGER PRIMARY KEY CHECK (id = 1),
            version       INTEGER NOT NULL,
            readable_from INTEGER NOT NULL
        );
        """;

    public const string ReadVersion = "SELECT version, readable_from FROM crossborder_schema WHERE id = 1;";

    public const string WriteVersion = """
        INSERT INTO crossborder_schema (id, version, readable_from) VALUES (1, @version, @readable)
        ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, readable_from = EXCLUDED.readable_from;
        """;

    /// <summary>The upgrade steps, in order.</summary>
    public static readonly string[] Steps =
    [
        """
        CREATE TABLE outbox (
            message_id      TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            conversation_id TEXT COLLATE "C" NOT NULL,
            recipient       TEXT COLLATE "C" NOT NULL,
            message_type    INTEGER NOT NULL,
            submitted_by    TEXT COLLATE "C" NOT NULL,
            envelope        BYTEA   NOT NULL,
            sealed_sha256   BYTEA   NOT NULL,
            created_at      BIGINT  NOT NULL,
            expires_at      BIGINT  NOT NULL,
            state           TEXT    NOT NULL CHECK (state IN ('QUEUED', 'SENDING', 'RETRY_WAIT', 'DELIVERED', 'REJECTED', 'FAILED')),
            last_reason     INTEGER NOT NULL,
            attempts        INTEGER NOT NULL,
            next_attempt_at BIGINT,
            lease_until     BIGINT,
            lease_owner     TEXT,
            signed_receipt  BYTEA,
            trace_parent    TEXT,
            updated_at      BIGINT  NOT NULL,
            submission_key  TEXT COLLATE "C",
            sealed_size     BIGINT
        );
        CREATE INDEX outbox_due ON outbox (state, next_attempt_at, created_at);
        CREATE UNIQUE INDEX outbox_submission ON outbox (submitted_by, submission_key) WHERE submission_key IS NOT NULL;
        CREATE INDEX outbox_created ON outbox (created_at);

        CREATE TABLE inbox (
            sender          TEXT COLLATE "C" NOT NULL,
            message_id      TEXT COLLATE "C" NOT NULL,
            conversation_id TEXT COLLATE "C" NOT NULL,
            message_type    INTEGER NOT NULL,
            envelope        BYTEA,
            sealed_sha256   BYTEA   NOT NULL,
            received_at     BIGINT  NOT NULL,
            expires_at      BIGINT  NOT NULL,
            state           TEXT    NOT NULL CHECK (state IN ('RECEIVED', 'OFFERED', 'ACKNOWLEDGED', 'PURGED', 'QUARANTINED')),
            signed_receipt  BYTEA   NOT NULL,
            offered_at      BIGINT,
            acknowledged_at BIGINT,
            trace_parent    TEXT,
            route_sha256    BYTEA,
            open_failures   INTEGER NOT NULL DEFAULT 0,
            sealed_size     BIGINT,
            PRIMARY KEY (sender, message_id)
        );
        CREATE INDEX inbox_offer ON inbox (message_type, state, received_at);
        CREATE INDEX inbox_purge ON inbox (acknowledged_at) WHERE state = 'ACKNOWLEDGED';
        CREATE INDEX inbox_received ON inbox (received_at);

        CREATE TABLE audit (
            seq           BIGINT  PRIMARY KEY,
            at            BIGINT  NOT NULL,
            message_id    TEXT COLLATE "C" NOT NULL,
            direction     TEXT    NOT NULL CHECK (direction IN ('OUT', 'IN')),
            peer          TEXT COLLATE "C" NOT NULL,
            state         TEXT    NOT NULL,
            reason        INTEGER NOT NULL,
            attempt       INTEGER NOT NULL,
            sealed_sha256 BYTEA   NOT NULL,
            prev_hash     BYTEA   NOT NULL,
            hash          BYTEA   NOT NULL
        );
        CREATE INDEX audit_message ON audit (message_id);
        CREATE INDEX audit_at ON audit (at);
        CREATE INDEX audit_peer ON audit (peer, state, at);

        CREATE TABLE audit_checkpoint (
            seq       BIGINT PRIMARY KEY,
            hash      BYTEA  NOT NULL,
            at        BIGINT NOT NULL,
            signer    TEXT   NOT NULL,
            signature BYTEA  NOT NULL
        );

        CREATE FUNCTION crossborder_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '% rows are append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
        END;
        $$;
        CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit
            FOR EACH ROW EXECUTE FUNCTION crossborder_append_only();
        CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
            FOR EACH STATEMENT EXECUTE FUNCTION crossborder_append_only();
        CREATE TRIGGER audit_checkpoint_append_only BEFORE UPDATE OR DELETE ON audit_checkpoint
            FOR EACH ROW EXECUTE FUNCTION crossborder_append_only();
        CREATE TRIGGER audit_checkpoint_no_truncate BEFORE TRUNCATE ON audit_checkpoint
            FOR EACH STATEMENT EXECUTE FUNCTION crossborder_append_only();
        """,

        // Version 2: data-subject rights, as SQLite's version 6.
        """
        ALTER TABLE outbox DROP CONSTRAINT outbox_state_check;
        ALTER TABLE outbox ADD CONSTRAINT outbox_state_check
            CHECK (state IN ('QUEUED', 'SENDING', 'RETRY_WAIT', 'DELIVERED', 'REJECTED', 'FAILED', 'CANCELLED'));
        CREATE INDEX outbox_conversation ON outbox (recipient, conversation_id);

        ALTER TABLE inbox DROP CONSTRAINT inbox_state_check;
        ALTER TABLE inbox ADD CONSTRAINT inbox_state_check
            CHECK (state IN ('RECEIVED', 'OFFERED', 'ACKNOWLEDGED', 'PURGED', 'QUARANTINED',
                'WITHDRAWN', 'ERASURE_REQUESTED', 'SUPERSEDED', 'EXPIRED_UNREAD'));
        ALTER TABLE inbox ADD COLUMN review_date TEXT;
        ALTER TABLE inbox ADD COLUMN erasure_date TEXT;
        ALTER TABLE inbox ADD COLUMN erase_at BIGINT;
        ALTER TABLE inbox ADD COLUMN superseded_by TEXT COLLATE "C";
        ALTER TABLE inbox ADD COLUMN notice_types BIGINT NOT NULL DEFAULT 0;
        CREATE INDEX inbox_message ON inbox (message_id);
        CREATE INDEX inbox_erase ON inbox (erase_at) WHERE erase_at IS NOT NULL;

        CREATE TABLE notice_reference (
            direction    TEXT COLLATE "C" NOT NULL CHECK (direction IN ('OUT', 'IN')),
            peer         TEXT COLLATE "C" NOT NULL,
            message_id   TEXT COLLATE "C" NOT NULL,
            notice_id    TEXT COLLATE "C" NOT NULL,
            kind         INTEGER NOT NULL,
            corrected_by TEXT COLLATE "C",
            outcome      INTEGER NOT NULL,
            at           BIGINT  NOT NULL,
            PRIMARY KEY (direction, peer, message_id, notice_id)
        );
        CREATE INDEX notice_reference_message ON notice_reference (message_id);
        """,
    ];
}
