using CrossBorder.Core.Contracts;

namespace CrossBorder.Gateway.Configuration;

/// <summary>
/// One gateway's configuration, bound from the <c>CrossBorder:Gateway</c> section of its config
/// file (JSON), environment variables (<c>CROSSBORDER__GATEWAY__...</c>) or the command line.
/// Relative paths are relative to the config file's folder.
/// </summary>
public sealed class GatewayOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "CrossBorder:Gateway";

    /// <summary>The participant this gateway serves, e.g. <c>AL/NCP</c>.</summary>
    public string Participant { get; set; } = "";

    /// <summary>Peer face address, <c>127.0.0.1:47101</c> (port 0: any free port).</summary>
    public string PeerListen { get; set; } = "";

    /// <summary>Local face address.</summary>
    public string LocalListen { get; set; } = "";

    /// <summary>
    /// Operations face address (HTTPS: the console, <c>/metrics</c>, health); loopback by default,
    /// port 0: any free port (the gateway writes the address it bound to <c>ops/address</c> in
    /// <see cref="DataDirectory"/>).
    /// </summary>
    public string OpsListen { get; set; } = "127.0.0.1:0";

    /// <summary>The operations face: who may look, and for how long.</summary>
    public OpsOptions Ops { get; set; } = new();

    /// <summary>TLS certificate (clientAuth + serverAuth), key and issuing chain for the peer face.</summary>
    public CertificateFiles Tls { get; set; } = new();

    /// <summary>Message signing certificate and key.</summary>
    public CertificateFiles Signing { get; set; } = new();

    /// <summary>Message encryption (key agreement or key transport) certificate and key.</summary>
    public CertificateFiles Encryption { get; set; } = new();

    /// <summary>
    /// Further signing certificates during a rollover. New messages are signed with the newest
    /// active certificate of <see cref="Signing"/> and these; the older ones keep verifying
    /// until they expire or are revoked.
    /// </summary>
    public List<CertificateFiles> SigningRollover { get; set; } = [];

    /// <summary>
    /// Signing certificates (files, no keys) that have left <see cref="Signing"/> and
    /// <see cref="SigningRollover"/>, expired ones included: audit checkpoints this gateway signed
    /// with them still verify. Move a signing certificate here when its pair is removed.
    /// </summary>
    public List<string> RetiredSigningCertificates { get; set; } = [];

    /// <summary>Further encryption certificates during a rollover: envelopes sealed to any of them open.</summary>
    public List<CertificateFiles> EncryptionRollover { get; set; } = [];

    /// <summary>
    /// The minimization policy file (YAML); empty: the shipped default policy. An invalid policy
    /// stops startup with every error listed; a bad edit while running keeps the last good one.
    /// </summary>
    public string Policy { get; set; } = "";

    /// <summary>The signed trust list file.</summary>
    public string TrustList { get; set; } = "";

    /// <summary>The pinned federation operator certificate that must have signed the trust list.</summary>
    public string OperatorCertificate { get; set; } = "";

    /// <summary>How long past its next-update a trust list may still be used (then exchange stops until a fresh one arrives).</summary>
    public double TrustListGraceHours { get; set; } = 24;

    /// <summary>How often the trust list file is checked for a new list.</summary>
    public double TrustListPollSeconds { get; set; } = 30;

    /// <summary>
    /// Revocation from the trust list's CRLs: <c>HardFail</c> refuses (REVOCATION_UNKNOWN) as soon as
    /// a CRL is past its nextUpdate; <c>SoftFail</c> accepts for <see cref="RevocationSoftFailHours"/> more.
    /// </summary>
    public string RevocationMode { get; set; } = "HardFail";

    /// <summary>The soft-fail window after a CRL's nextUpdate.</summary>
    public double RevocationSoftFailHours { get; set; } = 72;

    /// <summary>How long before revocation data goes stale the gateway warns (log and metric).</summary>
    public double RevocationWarnHours { get; set; } = 48;

    /// <summary>How often CRLs are fetched from the trust list's CRL locations.</summary>
    public double CrlFetchMinutes { get; set; } = 60;

    /// <summary>This gateway's local CA: the only issuer whose client certificates the local face accepts.</summary>
    public string LocalCaCertificate { get; set; } = "";

    /// <summary>The local face's server certificate and key, issued by the local CA.</summary>
    public CertificateFiles LocalServer { get; set; } = new();

    /// <summary>The local roles and the message types each may submit and read.</summary>
    public List<LocalRoleOptions> LocalRoles { get; set; } = [];

    /// <summary>
    /// Local client certificates withdrawn before they expire (a case worker who left, a lost
    /// token): their SHA-256 fingerprints (of the DER certificate, hex). The local face refuses
    /// them with REVOKED.
    /// </summary>
    public List<string> RevokedLocalClients { get; set; } = [];

    /// <summary>Largest sealed envelope accepted or sent; also the gRPC message limit of both faces.</summary>
    public int MaxEnvelopeBytes { get; set; } = SchemaInfo.DefaultMaxEnvelopeBytes;

    /// <summary>Folder for the gateway's state.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>
    /// Where messages, receipts and the audit trail are kept: <c>Sqlite</c> (the default: one file,
    /// <see cref="Database"/>, owned by this one process) or <c>Postgres</c> (a PostgreSQL database
    /// that several replicas of this participant share, <see cref="Postgres"/>).
    /// </summary>
    public string Store { get; set; } = StoreKinds.Sqlite;

    /// <summary>The PostgreSQL database, when <see cref="Store"/> is <c>Postgres</c>.</summary>
    public PostgresOptions Postgres { get; set; } = new();

    /// <summary>The SQLite database (outbox, inbox, receipts, audit); relative to <see cref="DataDirectory"/>.</summary>
    public string Database { get; set; } = "gateway.db";

    /// <summary>SQLite <c>synchronous</c>: <c>FULL</c> (an accepted message survives a power cut) or <c>NORMAL</c> (survives a process crash).</summary>
    public string DatabaseSynchronous { get; set; } = "FULL";

    /// <summary>How long a message we send stays deliverable: it expires this long after it is sealed.</summary>
    public double MessageLifetimeHours { get; set; } = 72;

    /// <summary>The longest lifetime (expiry minus creation) this gateway accepts from a sender.</summary>
    public double MaxMessageLifetimeHours { get; set; } = 24 * 14;

    /// <summary>Clock difference tolerated between gateways, for creation times and signing times.</summary>
    public double ClockSkewSeconds { get; set; } = 300;

    /// <summary>The wait after the first failed delivery attempt; it doubles per attempt, with jitter.</summary>
    public double RetryInitialSeconds { get; set; } = 2;

    /// <summary>The longest wait between delivery attempts.</summary>
    public double RetryMaxSeconds { get; set; } = 300;

    /// <summary>How long one delivery attempt may take before it counts as failed (and is retried).</summary>
    public double DeliveryTimeoutSeconds { get; set; } = 30;

    /// <summary>How many deliveries run at once.</summary>
    public int DispatchParallelism { get; set; } = 16;

    /// <summary>How long an acknowledged message's sealed bytes are kept before they are purged (metadata and digest remain).</summary>
    public double InboxRetentionHours { get; set; } = 24 * 7;

    /// <summary>
    /// A signed checkpoint of the audit chain is written once this many entries were added since the
    /// last one, or after <see cref="AuditCheckpointMinutes"/>, whichever comes first (and at a clean stop).
    /// </summary>
    public int AuditCheckpointEntries { get; set; } = 1000;

    /// <summary>The longest time between two audit checkpoints while entries are added.</summary>
    public double AuditCheckpointMinutes { get; set; } = 15;

    /// <summary>
    /// The country secret (base64, at least 32 bytes, file mode 0600) from which the per-link
    /// pseudonymization keys are derived; empty: <c>pseudonym.secret</c> in <see cref="DataDirectory"/>,
    /// created at first start. Back it up: pseudonyms cannot be linked again without it.
    /// </summary>
    public string PseudonymSecret { get; set; } = "";

    /// <summary>The id of the pseudonymization secret, carried in every pseudonym (letters and digits).</summary>
    public string PseudonymKeyId { get; set; } = "k1";

    /// <summary>
    /// The legal instruments local clients may cite (e.g. <c>AL-IT/2019/TRM-MoU art. 6</c>). The
    /// legal basis travels in the signed header, outside the payload the policy minimizes, so a
    /// listed reference is the only text that should go there; empty: any text of up to 256
    /// characters (not recommended beyond development).
    /// </summary>
    public List<string> LegalBases { get; set; } = [];

    /// <summary>Where traces and metrics go; nothing is exported unless configured.</summary>
    public TelemetryOptions Telemetry { get; set; } = new();

    /// <summary>Flood limits: calls per peer, connections, streams, headers, timeouts and data rates.</summary>
    public LimitsOptions Limits { get; set; } = new();
}
