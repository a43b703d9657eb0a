using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Errors;
using CrossBorder.Core.Trust;
using Google.Protobuf;

namespace CrossBorder.Cli.Commands;

/// <summary><c>crossborder trustlist sign|verify|show</c>: the federation operator's tools.</summary>
internal static class TrustListCommands
{
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithIndentation().WithFormatDefaultValues(false));

    public static Command Create(CliContext context)
    {
        var signIn = Required("--in", "The trust list as protobuf JSON (crossborder.v1.TrustList), e.g. from 'show --json'; a participant's endpoints are its peerEndpoint and peerEndpoints");
        var operatorCert = Required("--operator-cert", "The operator's certificate");
        var operatorKey = Required("--operator-key", "The operator's PKCS#8 key");
        var signOut = Required("--out", "Where to write the signed list (DER CMS SignedData)");
        var endpoints = new Option<string[]>("--endpoints")
        {
            Description = "Set a participant's endpoints before signing: PARTICIPANT=URL[,URL...], e.g. "
                + "AL/NCP=https://10.0.0.1:47101,https://10.0.0.2:47101 (gateways of one participant with the same keys; "
                + "the first becomes peerEndpoint, the others peerEndpoints; at most 16). Repeat for several participants",
            AllowMultipleArgumentsPerToken = false,
        };
        var sign = new Command("sign", "Sign a trust list as the federation operator") { signIn, operatorCert, operatorKey, signOut, endpoints };
        sign.SetAction(parse => Sign(
            context, parse.GetRequiredValue(signIn), parse.GetRequiredValue(operatorCert), parse.GetRequiredValue(operatorKey), parse.GetRequiredValue(signOut), parse.GetValue(endpoints) ?? []));

        var verifyIn = Required("--in", "The signed trust list");
        var verifyOperator = Required("--operator-cert", "The pinned operator certificate");
        var grace = new Option<double>("--grace-hours") { Description = "Accept a list this long past its next update", DefaultValueFactory = _ => 0 };
        var verify = new Command("verify", "Verify a signed trust list against the pinned operator certificate and its freshness") { verifyIn, verifyOperator, grace };
        verify.SetAction(parse => Verify(context, parse.GetRequiredValue(verifyIn), parse.GetRequiredValue(verifyOperator), parse.GetValue(grace)));

        var showIn = Required("--in", "The signed trust list");
        var showOperator = new Option<string?>("--operator-cert") { Description = "Verify against this operator certificate too" };
        var json = new Option<bool>("--json") { Description = "Print the list as protobuf JSON (input for 'sign')" };
        var show = new Command("show", "Print a trust list as a readable table") { showIn, showOperator, json };
        show.SetAction(parse => Show(context, parse.GetRequiredValue(showIn), parse.GetValue(showOperator), parse.GetValue(json)));

        return new Command("trustlist", "Sign, verify and show the federation's trust list") { sign, verify, show };
    }

    private static int Sign(CliContext context, string input, string certificatePath, string keyPath, string output, string[] endpoints)
    {
        TrustList list;
        try
        {
            list = JsonParser.Default.Parse<TrustList>(File.ReadAllText(input));
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or InvalidJsonException or FormatException)
        {
            throw new UsageException($"--in {input}: not a crossborder.v1.TrustList in protobuf JSON ({ex.Message})");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--in {input}: cannot read the file");
        }

        SetEndpoints(list, endpoints);
        var certificate = InputFiles.Certificate("--operator-cert", certificatePath);
        using var key = InputFiles.Key("--operator-key", keyPath, certificate);
        using var signer = key switch
        {
            ECDsa ec => certificate.CopyWithPrivateKey(ec),
            RSA rsa => certificate.CopyWithPrivateKey(rsa),
            _ => throw new UsageException($"--operator-key {keyPath}: must be an EC or RSA key"),
        };
        var signed = TrustListCodec.Sign(list, signer, context.Time);
        TrustListCodec.Open(signed, certificate); // refuse to write a list gateways would refuse
        AtomicFile.Write(output, signed);
        context.Out.WriteLine($"signed trust list sequence {list.Sequence} ({list.Participants.Count} participants) to {output}");
        return ExitCodes.Ok;
    }

    /// <summary>Replaces the endpoints of the participants named; the codec judges the URLs when the signed list is opened again.</summary>
    private static void SetEndpoints(TrustList list, IEnumerable<string> values)
    {
        foreach (var value in values)
        {
            var split = value.IndexOf('=', StringComparison.Ordinal);
            if (split <= 0)
            {
                throw new UsageException($"--endpoints {value}: expected PARTICIPANT=URL[,URL...]");
            }

            var id = value[..split];
            var participant = list.Participants.FirstOrDefault(p => p.Id == id)
                ?? throw new UsageException($"--endpoints {value}: {id} is not a participant of the list");
            var urls = value[(split + 1)..].Split(',', StringSplitOptions.TrimEntries);
            participant.PeerEndpoint = urls[0];
            participant.PeerEndpoints.Clear();
            participant.PeerEndpoints.Add(urls.Skip(1));
        }
    }

    private static int Verify(CliContext context, string input, string certificatePath, double graceHours)
    {
        var certificate = InputFiles.Certificate("--operator-cert", certificatePath);
        var snapshot = TrustListCodec.Open(InputFiles.Bytes("--in", input, TrustListCodec.MaxSignedBytes), certificate);
        if (context.Time.GetUtcNow() > snapshot.NextUpdate.AddHours(graceHours))
        {
            throw Reject.Because(ReasonCode.TrustListStale, $"sequence {snapshot.Sequence} is past its next update ({snapshot.NextUpdate:u})");
        }

        context.Out.WriteLine($"valid: sequence {snapshot.Sequence}, issued {snapshot.IssuedAt:u}, next update {snapshot.NextUpdate:u}, {snapshot.Participants.Count} participants, signed by {snapshot.Signer.Subject}");
        return ExitCodes.Ok;
    }

    private static int Show(CliContext context, string input, string? operatorPath, bool json)
    {
        var bytes = InputFiles.Bytes("--in", input, TrustListCodec.MaxSignedBytes);
        var snapshot = operatorPath is null
            ? TrustListCodec.Inspect(bytes)
            : TrustListCodec.Open(bytes, InputFiles.Certificate("--operator-cert", operatorPath));
        if (json)
        {
            context.Out.WriteLine(Json.Format(snapshot.Document));
            return ExitCodes.Ok;
        }

        context.Out.Write(Table(snapshot, verified: operatorPath is not null));
        return ExitCodes.Ok;
    }

    private static string Table(TrustListSnapshot list, bool verified)
    {
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        text.AppendLine(culture, $"trust list   {list.Federation}, sequence {list.Sequence}");
        text.AppendLine(culture, $"issued       {list.IssuedAt:u}");
        text.AppendLine(culture, $"next update  {list.NextUpdate:u}");
        text.AppendLine(culture, $"signed by    {list.Signer.Subject} ({(verified ? "verified against the given operator certificate" : "NOT checked against a pinned operator: give --operator-cert")})");
        if (list.NextOperator is { } next)
        {
            text.AppendLine(culture, $"next operator {next.Subject}, SHA-256 {next.GetCertHashString(HashAlgorithmName.SHA256)}");
        }

        text.AppendLine().AppendLine(culture, $"{"country",-8} {"anchors",-60} CRLs");
        foreach (var country in list.Countries.Values.OrderBy(c => c.Code, StringComparer.Ordinal))
        {
            var anchors = string.Join("; ", country.Anchors.Select(a => $"{a.Subject} (until {a.NotAfter.ToUniversalTime():yyyy-MM-dd})"));
            text.AppendLine(culture, $"{country.Code,-8} {anchors,-60} {country.Crls.Count}");
        }

        text.AppendLine().AppendLine(culture, $"{"participant",-13} {"roles",-32} {"endpoint",-26} may send / may receive");
        foreach (var participant in list.Participants.Values.OrderBy(p => p.Id.ToString(), StringComparer.Ordinal))
        {
            var roles = string.Join(",", participant.Roles.Order().Select(ProtoEnumNames<ParticipantRole>.Name));
            text.AppendLine(culture, $"{participant.Id,-13} {roles,-32} {string.Join(",", participant.PeerEndpoints),-26} {Types(participant.MaySend)} / {Types(participant.MayReceive)}");
        }

        return text.ToString();
    }

    private static string Types(IEnumerable<MessageType> types) => string.Join(",", types.Order().Select(ProtoEnumNames<MessageType>.Name));

    private static Option<string> Required(string name, string description) => new(name) { Description = description, Required = true };
}
