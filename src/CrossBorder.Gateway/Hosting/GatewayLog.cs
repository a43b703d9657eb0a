using Microsoft.Extensions.Logging;

namespace CrossBorder.Gateway.Hosting;

/// <summary>
/// The gateway's log events, source-generated with stable event ids. They carry participant
/// ids, reason codes, ports and certificate thumbprints; never payload values.
/// </summary>
internal static partial class GatewayLog
{
    [LoggerMessage(1001, LogLevel.Information, "Gateway {Participant} peer face listening on {PeerAddress}, local face on {LocalAddress}, operations face on {OpsAddress}; trust list sequence {Sequence}")]
    public static partial void Started(ILogger logger, string participant, string peerAddress, string localAddress, string opsAddress, ulong sequence);

    [LoggerMessage(1010, LogLevel.Information, "Gateway {Participant} keeps its messages in the {Store}")]
    public static partial void StoreOpened(ILogger logger, string participant, string store);

    [LoggerMessage(1002, LogLevel.Information, "Gateway {Participant} stopped")]
    public static partial void Stopped(ILogger logger, string participant);

    [LoggerMessage(1003, LogLevel.Information, "{Participant} {Use} certificate expires in {Days} days (successor={Successor})")]
    public static partial void CertificateExpiry(ILogger logger, string participant, string use, double days, bool successor);

    [LoggerMessage(1004, LogLevel.Warning, "{Participant} {Use} certificate expires in {Days} days (successor=false): roll it over")]
    public static partial void CertificateExpiresSoon(ILogger logger, string participant, string use, double days);

    [LoggerMessage(1009, LogLevel.Information, "{Participant} {Use} certificate expires in {Days} days (successor=true): its successor is in place")]
    public static partial void CertificateExpiresWithSuccessor(ILogger logger, string participant, string use, double days);

    [LoggerMessage(1005, LogLevel.Warning, "Revocation data of the trust list goes stale in {Hours} hours (mode {Mode}, soft-fail window {GraceHours} h): publish a trust list with fresh CRLs")]
    public static partial void RevocationGoingStale(ILogger logger, double hours, string mode, double graceHours);

    [LoggerMessage(1006, LogLevel.Information, "Fetched a newer CRL for country {Country} from {Location}")]
    public static partial void CrlFetched(ILogger logger, string country, string location);

    [LoggerMessage(1007, LogLevel.Warning, "Could not fetch a CRL from {Location}: {Problem}; the CRLs held stay in use")]
    public static partial void CrlFetchFailed(ILogger logger, string location, string problem);

    [LoggerMessage(1008, LogLevel.Warning, "Refused a CRL for country {Country} from {Location}: {Problem}; the CRLs held stay in use")]
    public static partial void CrlRefused(ILogger logger, string country, string location, string problem);

    [LoggerMessage(1601, LogLevel.Warning, "Gateway health: NOT_SERVING ({Reasons}); /healthz on the operations face says what to do")]
    public static partial void HealthNotServing(ILogger logger, string reasons);

    [LoggerMessage(1602, LogLevel.Information, "Gateway health: SERVING")]
    public static partial void HealthServing(ILogger logger);

    [LoggerMessage(1603, LogLevel.Warning, "The store did not answer the health check's read ({Problem})")]
    public static partial void StoreReadFailed(ILogger logger, string problem);

    [LoggerMessage(1611, LogLevel.Warning, "Peer {Participant} endpoint {Endpoint} answers NOT_SERVING: deliveries go to its other endpoints")]
    public static partial void PeerEndpointNotServing(ILogger logger, string participant, string endpoint);

    [LoggerMessage(1612, LogLevel.Information, "Peer {Participant} endpoint {Endpoint} serves again: deliveries go to it too")]
    public static partial void PeerEndpointServing(ILogger logger, string participant, string endpoint);

    [LoggerMessage(1101, LogLevel.Warning, "Peer face refused a TLS client certificate: {Reason}: {Detail} (claims {Claimed}, thumbprint {Thumbprint})")]
    public static partial void PeerCertificateRefused(ILogger logger, string reason, string detail, string claimed, string thumbprint);

    [LoggerMessage(1102, LogLevel.Warning, "Local face refused a TLS client certificate: {Reason}: {Detail} (thumbprint {Thumbprint})")]
    public static partial void LocalCertificateRefused(ILogger logger, string reason, string detail, string thumbprint);

    [LoggerMessage(1104, LogLevel.Warning, "TLS handshake from {Address} refused: PATH_LIMIT: the client sent more than {Bytes} bytes before the handshake completed")]
    public static partial void HandshakeTooLarge(ILogger logger, string address, int bytes);

    [LoggerMessage(1103, LogLevel.Debug, "Peer {Participant} connected")]
    public static partial void PeerAccepted(ILogger logger, string participant);

    [LoggerMessage(1201, LogLevel.Information, "Ping from {Caller}")]
    public static partial void PingAnswered(ILogger logger, string caller);

    [LoggerMessage(1301, LogLevel.Warning, "Call {Method} refused: {Reason}: {Detail}")]
    public static partial void CallRefused(ILogger logger, string method, string reason, string detail);

    [LoggerMessage(1303, LogLevel.Debug, "Call {Method} refused with {Reason}; diagnostic (never sent to the peer): {Diagnostic}")]
    public static partial void RefusalDiagnostic(ILogger logger, string method, string reason, string diagnostic);

    [LoggerMessage(1302, LogLevel.Error, "Call {Method} failed with an unexpected {ExceptionType}; the caller got UNAVAILABLE")]
    public static partial void CallFailed(ILogger logger, string method, string exceptionType);
}
