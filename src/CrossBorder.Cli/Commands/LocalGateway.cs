using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CrossBorder.Cli.Profiles;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Errors;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace CrossBorder.Cli.Commands;

/// <summary>
/// A local client's connection to its gateway's local face, opened from a client profile, for
/// the <c>local whoami</c>, <c>send</c>, <c>inbox</c> and <c>status</c> commands. Every call has
/// a deadline, and every refusal becomes the one <c>rejected: CODE: reason</c> line.
/// </summary>
internal sealed class LocalGateway : IDisposable
{
    /// <summary>The deadline of a call that answers at once (WhoAmI, Status, Acknowledge).</summary>
    public static readonly TimeSpan ShortCall = TimeSpan.FromSeconds(10);

    private readonly GrpcChannel _channel;
    private readonly TimeProvider _time;

    private LocalGateway(ClientProfile profile, GrpcChannel channel, TimeProvider time)
    {
        Profile = profile;
        _channel = channel;
        _time = time;
        Client = new LocalExchange.LocalExchangeClient(channel);
    }

    public ClientProfile Profile { get; }

    public LocalExchange.LocalExchangeClient Client { get; }

    /// <summary>
    /// Reads the profile and loads the client certificate it names. Anything missing or
    /// unusable is a usage error naming the profile (exit 2), never a stack trace.
    /// </summary>
    public static LocalGateway Open(string profilePath, TimeProvider time)
    {
        ClientProfile profile;
        try
        {
            profile = LocalChannel.ReadProfile(profilePath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--profile {profilePath}: cannot read the client profile");
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"--profile {profilePath}: not a client profile (JSON with Gateway, Certificate, Key and GatewayCa, as dev-pki init writes it)");
        }

        if (!Uri.TryCreate(profile.Gateway, UriKind.Absolute, out var address) || address.Scheme != Uri.UriSchemeHttps)
        {
            throw new UsageException($"--profile {profilePath}: Gateway must be the https:// address of the gateway's local face");
        }

        if (profile.Certificate.Length == 0 || profile.Key.Length == 0 || profile.GatewayCa.Length == 0)
        {
            throw new UsageException($"--profile {profilePath}: Certificate, Key and GatewayCa must name files");
        }

        try
        {
            return new LocalGateway(profile, LocalChannel.Create(profile, time, SchemaInfo.DefaultMaxEnvelopeBytes), time);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new UsageException($"--profile {profilePath}: the client certificate, key or gateway CA it names cannot be read or used");
        }
    }

    /// <summary>
    /// Makes one call with a deadline of <paramref name="timeout"/> from now. A refusal or an
    /// unreachable gateway throws the <see cref="RejectedException"/> the CLI prints as its
    /// rejection line; <paramref name="onRefusal"/> sees the gateway's answer first.
    /// </summary>
    public async Task<TResponse> CallAsync<TResponse>(
        Func<LocalExchange.LocalExchangeClient, CallOptions, AsyncUnaryCall<TResponse>> call,
        TimeSpan timeout,
        CancellationToken cancellationToken,
        Func<RpcException, Task>? onRefusal = null)
    {
        var options = new CallOptions(deadline: _time.GetUtcNow().UtcDateTime + timeout, cancellationToken: cancellationToken);
        try
        {
            using var pending = call(Client, options);
            return await pending.ResponseAsync.ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            if (onRefusal is not null)
            {
                await onRefusal(ex).ConfigureAwait(false);
            }

            throw Refusal(ex, Profile.Gateway);
        }
    }

    /// <summary>
    /// The refusal a failed call stands for. A CrossBorder gateway's status carries its reason
    /// code and the text after the <c>CODE: </c> prefix of its message; a gateway that cannot be
    /// reached is <c>UNAVAILABLE</c>; other statuses get a code from the gRPC status and a generic text.
    /// </summary>
    public static RejectedException Refusal(RpcException exception, string gateway)
    {
        if (ReasonOf(exception) is { } reason)
        {
            var message = exception.GetRpcStatus()?.Message ?? exception.Status.Detail ?? "";
            var prefix = reason.Name() + ": ";
            var text = Printable(message.StartsWith(prefix, StringComparison.Ordinal) ? message[prefix.Length..] : message).Trim();
            return Reject.Because(reason, text.Length > 0 ? text : $"the gateway at {gateway} refused the call");
        }

        return exception.StatusCode switch
        {
            StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Cancelled =>
                Reject.Because(ReasonCode.Unavailable, $"the gateway at {gateway} did not answer"),
            StatusCode.Unimplemented =>
                Reject.Because(ReasonCode.Unavailable, $"the gateway at {gateway} does not offer this call"),
            StatusCode.PermissionDenied or StatusCode.Unauthenticated =>
                Reject.Because(ReasonCode.NotAuthorized, $"the gateway at {gateway} refused the call ({exception.StatusCode})"),
            StatusCode.NotFound =>
                Reject.Because(ReasonCode.NotFound, $"the gateway at {gateway} found nothing to answer ({exception.StatusCode})"),
            StatusCode.ResourceExhausted =>
                Reject.Because(ReasonCode.TooLarge, $"the request or the answer exceeds the message limit ({exception.StatusCode})"),
            StatusCode.InvalidArgument =>
                Reject.Because(ReasonCode.Malformed, $"the gateway at {gateway} refused the request ({exception.StatusCode})"),
            _ => Reject.Because(ReasonCode.Unavailable, $"the gateway at {gateway} failed to answer ({exception.StatusCode})"),
        };
    }

    /// <summary>The reason code the gateway's status carries; none when its details cannot be read.</summary>
    private static ReasonCode? ReasonOf(RpcException exception)
    {
        try
        {
            return RefusalStatus.ReasonOf(exception);
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }

    /// <summary>
    /// Text from the gateway as it may be printed: control and format characters (line breaks,
    /// terminal escapes, direction overrides) become '?', so one answer is one line and cannot
    /// drive the terminal.
    /// </summary>
    public static string Printable(string text)
    {
        if (!text.Any(IsHidden))
        {
            return text;
        }

        var printable = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            printable.Append(IsHidden(c) ? '?' : c);
        }

        return printable.ToString();
    }

    private static bool IsHidden(char c) => char.IsControl(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format;

    public void Dispose() => _channel.Dispose();
}
