namespace CrossBorder.Storage.Sqlite;

/// <summary>
/// The schema of the SQLite store, versioned by <c>PRAGMA user_version</c>.
/// </summary>
/// <remarks>
/// <para>Times are INTEGER unix milliseconds (UTC); message types and reason codes are the
/// INTEGER values of their protobuf enums; states are the texts of <c>StateNames</c> (Core.Delivery.States).</para>
/// <code>
/// outbox   what this participant sends
///   message_id PK, conversation_id, recipient, message_type, submitted_by,
///   envelope BLOB (the sealed envelope, exactly the bytes every attempt sends; emptied at a
///     final state: from then on the digest, the receipt and the audit chain are the evidence),
///   sealed_sha256 BLOB, created_at, expires_at,
///   state (QUEUED, SENDING, RETRY_WAIT, DELIVERED, REJECTED, FAILED),
///   last_reason, attempts, next_attempt_at (NULL once final), lease_until (only while SENDING),
///   signed_receipt BLOB NULL, trace_parent NULL, updated_at, submission_key NULL (version 2)
///   unique index outbox_submission (submitted_by, submission_key): a client's retried submit
///   index outbox_due (state, next_attempt_at, created_at): claiming, next due, expiry, counts
///
/// inbox    what this participant received
///   PK (sender, message_id), conversation_id, message_type,
///   envelope BLOB NULL (NULL once purged), sealed_sha256 BLOB, received_at, expires_at,
///   state (RECEIVED, OFFERED, ACKNOWLEDGED, PURGED, QUARANTINED (version 3)), signed_receipt BLOB,
///   offered_at NULL (first offer), acknowledged_at NULL (first acknowledgement), trace_parent NULL,
///   route_sha256 BLOB NULL (version 3: RouteDigest of the routing header; NULL for rows stored before),
///   open_failures (version 3: failed opens for reading; QUARANTINED at the limit)
///   index inbox_offer (message_type, state, received_at): offering per type
///   index inbox_purge (acknowledged_at) WHERE state = 'ACKNOWLEDGED': purging
///
/// audit    the hash chain (AuditChain); append-only, enforced by triggers
///   seq INTEGER PK (from 1, no gaps), at, message_id, direction (OUT, IN), peer, state,
///   reason, attempt, sealed_sha256 BLOB, prev_hash BLOB, hash BLOB
///   index audit_message (message_id): the trail of one message
///
/// audit_checkpoint    signed heads of the chain (AuditCheckpoint, version 4); append-only, enforced by triggers
///   seq INTEGER PK (the entry signed, increasing), hash BLOB, at, signer (SHA-256 hex of the certificate),
///   signature BLOB (CMS SignedData)
/// version 5 (the console's reads, SqliteOperationsView): outbox.sealed_size and inbox.sealed_size
///   (bytes of the sealed envelope, kept after the envelope goes; NULL when stored before),
///   indexes outbox_created (created_at), inbox_received (received_at), audit_at (at),
///   audit_peer (peer, state, at)
/// version 6 (data-subject rights): outbox state CANCELLED; inbox states WITHDRAWN, ERASURE_REQUESTED,
///   SUPERSEDED, EXPIRED_UNREAD and columns review_date, erasure_date (the payload's retention as given),
///   erase_at (the first moment of the erasure date), superseded_by, notice_types (a notice: the bit
///   1 &lt;&lt; type of each message type it was applied to; 0 when none); indexes outbox_conversation,
///   inbox_message, inbox_erase
/// notice_reference    which notice named which message
///   PK (direction (OUT: a notice this participant sent; IN: one it received), peer, message_id, notice_id),
///   kind (NoticeKind), corrected_by NULL, outcome (NoticeReferenceOutcome: IN APPLIED or AWAITED; OUT
///   UNSPECIFIED, the answer is in the notice's receipt), at
/// </code>
/// <para>An upgrade adds a step to <see cref="Steps"/>; step N brings <c>user_version</c> from N - 1 to N.</para>
/// </remarks>
internal static class SqliteSchema
{
    /// <summary>The schema version this code reads and writes.</summary>
    public static int Version => Steps.Length;

    /// <summary>The upgrade steps, in order; each runs in the transaction that sets the new version.</summary>
    public static readonly string[] Steps =
    [
        """
        CREATE TABLE outbox (
            message_id      TEXT    NOT NULL PRIMARY KEY,
            conversation_id TEXT    NOT NULL,
            recipient       TEXT    NOT NULL,
            message_type    INTEGER NOT NULL,
            submitted_by    TEXT    NOT NULL,
            envelope        BLOB    NOT NULL,
            sealed_sha256   BLOB    NOT NULL,
            created_at      INTEGER NOT NULL,
            expires_at      INTEGER NOT NULL,
            state           TEXT    NOT NULL CHECK (state IN ('QUEUED', 'SENDING', 'RETRY_WAIT', 'DELIVERED', 'REJECTED', 'FAILED')),
            last_reason     INTEGER NOT NULL,
            attempts        INTEGER NOT NULL,
            next_attempt_at INTEGER,
            lease_until     INTEGER,
            signed_receipt  BLOB,
            trace_parent    TEXT,
            updated_at      INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX outbox_due ON outbox (state, next_attempt_at, created_at);

        CREATE TABLE inbox (
            sender          TEXT    NOT NULL,
            message_id      TEXT    NOT NULL,
            conversation_id TEXT    NOT NULL,
            message_type    INTEGER NOT NULL,
            envelope        BLOB,
            sealed_sha256   BLOB    NOT NULL,
            received_at     INTEGER NOT NULL,
            expires_at      INTEGER NOT NULL,
            state           TEXT    NOT NULL CHECK (state IN ('RECEIVED', 'OFFERED', 'ACKNOWLEDGED', 'PURGED')),
            signed_receipt  BLOB    NOT NULL,
            offered_at      INTEGER,
            acknowledged_at INTEGER,
            trace_parent    TEXT,
            PRIMARY KEY (sender, message_id)
        ) STRICT;
        CREATE INDEX inbox_offer ON inbox (message_type, state, received_at);
        CREATE INDEX inbox_purge ON inbox (acknowledged_at) WHERE state = 'ACKNOWLEDGED';

        CREATE TABLE audit (
            seq           INTEGER PRIMARY KEY,
            at            INTEGER NOT NULL,
            message_id    TEXT    NOT NULL,
            direction     TEXT    NOT NULL CHECK (direction IN ('OUT', 'IN')),
            peer          TEXT    NOT NULL,
            state         TEXT    NOT NULL,
            reason        INTEGER NOT NULL,
            attempt       INTEGER NOT NULL,
            sealed_sha256 BLOB    NOT NULL,
            prev_hash     BLOB    NOT NULL,
            hash          BLOB    NOT NULL
        ) STRICT;
        CREATE INDEX audit_message ON audit (message_id);
        CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN
            SELECT RAISE(ABORT, 'audit entries are append-only');
        END;
        CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN
            SELECT RAISE(ABORT, 'audit entries are append-only');
        END;
        """,
        """
        ALTER TABLE outbox ADD COLUMN submission_key TEXT;
        CREATE UNIQUE INDEX outbox_submission ON outbox (submitted_by, submission_key) WHERE submission_key IS NOT NULL;
        """,

        // Version 3: the inbox gains the state QUARANTINED (a CHECK constraint cannot be altered in
        // SQLite, so the table is rebuilt in place), the digest of each message's routing header and
        // the count of failed opens. Rows stored before keep a NULL digest.
        """
        CREATE TABLE inbox_v3 (
            sender          TEXT    NOT NULL,
            message_id      TEXT    NOT NULL,
            conversation_id TEXT    NOT NULL,
            message_type    INTEGER NOT NULL,
            envelope        BLOB,
            sealed_sha256   BLOB    NOT NULL,
            received_at     INTEGER NOT NULL,
            expires_at      INTEGER NOT NULL,
            state           TEXT    NOT NULL CHECK (state IN ('RECEIVED', 'OFFERED', 'ACKNOWLEDGED', 'PURGED', 'QUARANTINED')),
            signed_receipt  BLOB    NOT NULL,
            offered_at      INTEGER,
            acknowledged_at INTEGER,
            trace_parent    TEXT,
            route_sha256    BLOB,
            open_failures   INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (sender, message_id)
        ) STRICT;
        INSERT INTO inbox_v3 (sender, message_id, conversation_id, message_type, envelope, sealed_sha256, received_at, expires_at,
            state, signed_receipt, offered_at, acknowledged_at, trace_parent)
        SELECT sender, message_id, conversation_id, message_type, envelope, sealed_sha256, received_at, expires_at,
            state, signed_receipt, offered_at, acknowledged_at, trace_parent
        FROM inbox;
        DROP TABLE inbox;
        ALTER TABLE inbox_v3 RENAME TO inbox;
        CREATE INDEX inbox_offer ON inbox (message_type, state, received_at);
        CREATE INDEX inbox_purge ON inbox (acknowledged_at) WHERE state = 'ACKNOWLEDGED';
        """,

        // Version 4: signed checkpoints of the audit chain, append-only like the chain.
        """
        CREATE TABLE audit_checkpoint (
            seq       INTEGER PRIMARY KEY,
            hash      BLOB    NOT NULL,
            at        INTEGER NOT NULL,
            signer    TEXT    NOT NULL,
            signature BLOB    NOT NULL
        ) STRICT;
        CREATE TRIGGER audit_checkpoint_no_update BEFORE UPDATE ON audit_checkpoint
        BEGIN
            SELECT RAISE(ABORT, 'audit checkpoints are append-only');
        END;
        CREATE TRIGGER audit_checkpoint_no_delete BEFORE DELETE ON audit_checkpoint
        BEGIN
            SELECT RAISE(ABORT, 'audit checkpoints are append-only');
        END;
        """,
        // Version 5: the operations console. Each box keeps the size of its sealed envelope (the
        // bytes go at a final state or a purge; the size stays), and indexes let the console's
        // bounded queries read a time window (and a peer's last events) without a full scan.
        """
        ALTER TABLE outbox ADD COLUMN sealed_size INTEGER;
        ALTER TABLE inbox ADD COLUMN sealed_size INTEGER;
        UPDATE outbox SET sealed_size = length(envelope) WHERE length(envelope) > 0;
        UPDATE inbox SET sealed_size = length(envelope) WHERE envelope IS NOT NULL;
        CREATE INDEX outbox_created ON outbox (created_at);
        CREATE INDEX inbox_received ON inbox (received_at);
        CREATE INDEX audit_at ON audit (at);
        CREATE INDEX audit_peer ON audit (peer, state, at);
        """,

        // Version 6: data-subject rights. The outbox gains the state CANCELLED and the inbox the
        // states WITHDRAWN, ERASURE_REQUESTED, SUPERSEDED and EXPIRED_UNREAD (CHECK constraints
        // cannot be altered in SQLite: both tables are rebuilt in place), the inbox keeps each
        // payload's retention dates and the message a rectification named, and notice_reference
        // keeps which notices named which messages, both ways.
        """
        CREATE TABLE outbox_v6 (
            message_id      TEXT    NOT NULL PRIMARY KEY,
            conversation_id TEXT    NOT NULL,
            recipient       TEXT    NOT NULL,
            message_type    INTEGER NOT NULL,
            submitted_by    TEXT    NOT NULL,
            envelope        BLOB    NOT NULL,
            sealed_sha256   BLOB    NOT NULL,
            created_at      INTEGER NOT NULL,
            expires_at      INTEGER NOT NULL,
            state           TEXT    NOT NULL CHECK (state IN ('QUEUED', 'SENDING', 'RETRY_WAIT', 'DELIVERED', 'REJECTED', 'FAILED', 'CANCELLED')),
            last_reason     INTEGER NOT NULL,
            attempts        INTEGER NOT NULL,
            next_attempt_at INTEGER,
            lease_until     INTEGER,
            signed_receipt  BLOB,
            trace_parent    TEXT,
            updated_at      INTEGER NOT NULL,
            submission_key  TEXT,
            sealed_size     INTEGER
        ) STRICT;
        INSERT INTO outbox_v6 SELECT message_id, conversation_id, recipient, message_type, submitted_by, envelope, sealed_sha256,
            created_at, expires_at, state, last_reason, attempts, next_attempt_at, lease_until, signed_receipt, trace_parent,
            updated_at, submission_key, sealed_size FROM outbox;
        DROP TABLE outbox;
        ALTER TABLE outbox_v6 RENAME TO outbox;
        CREATE INDEX outbox_due ON outbox (state, next_attempt_at, created_at);
        CREATE UNIQUE INDEX outbox_submission ON outbox (submitted_by, submission_key) WHERE submission_key IS NOT NULL;
        CREATE INDEX outbox_created ON outbox (created_at);
        CREATE INDEX outbox_conversation ON outbox (recipient, conversation_id);

        CREATE TABLE inbox_v6 (
            sender          TEXT    NOT NULL,
            message_id      TEXT    NOT NULL,
            conversation_id TEXT    NOT NULL,
            message_type    INTEGER NOT NULL,
            envelope        BLOB,
            sealed_sha256   BLOB    NOT NULL,
            received_at     INTEGER NOT NULL,
            expires_at      INTEGER NOT NULL,
            state           TEXT    NOT NULL CHECK (state IN ('RECEIVED', 'OFFERED', 'ACKNOWLEDGED', 'PURGED', 'QUARANTINED',
                'WITHDRAWN', 'ERASURE_REQUESTED', 'SUPERSEDED', 'EXPIRED_UNREAD')),
            signed_receipt  BLOB    NOT NULL,
            offered_at      INTEGER,
            acknowledged_at INTEGER,
            trace_parent    TEXT,
            route_sha256    BLOB,
            open_failures   INTEGER NOT NULL DEFAULT 0,
            sealed_size     INTEGER,
            review_date     TEXT,
            erasure_date    TEXT,
            erase_at        INTEGER,
            superseded_by   TEXT,
            notice_types    INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (sender, message_id)
        ) STRICT;
        INSERT INTO inbox_v6 (sender, message_id, conversation_id, message_type, envelope, sealed_sha256, received_at, expires_at,
            state, signed_receipt, offered_at, acknowledged_at, trace_parent, route_sha256, open_failures, sealed_size)
        SELECT sender, message_id, conversation_id, message_type, envelope, sealed_sha256, received_at, expires_at,
            state, signed_receipt, offered_at, acknowledged_at, trace_parent, route_sha256, open_failures, sealed_size
        FROM inbox;
        DROP TABLE inbox;
        ALTER TABLE inbox_v6 RENAME TO inbox;
        CREATE INDEX inbox_offer ON inbox (message_type, state, received_at);
        CREATE INDEX inbox_purge ON inbox (acknowledged_at) WHERE state = 'ACKNOWLEDGED';
        CREATE INDEX inbox_received ON inbox (received_at);
        CREATE INDEX inbox_message ON inbox (message_id);
        CREATE INDEX inbox_erase ON inbox (erase_at) WHERE erase_at IS NOT NULL;

        CREATE TABLE notice_reference (
            direction    TEXT    NOT NULL CHECK (direction IN ('OUT', 'IN')),
            peer         TEXT    NOT NULL,
            message_id   TEXT    NOT NULL,
            notice_id    TEXT    NOT NULL,
            kind         INTEGER NOT NULL,
            corrected_by TEXT,
            outcome      INTEGER NOT NULL,
            at           INTEGER NOT NULL,
            PRIMARY KEY (direction, peer, message_id, notice_id)
        ) STRICT;
        CREATE INDEX notice_reference_message ON notice_reference (message_id);
        """,
    ];
}
