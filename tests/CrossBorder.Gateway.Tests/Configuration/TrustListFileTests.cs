using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;
using CrossBorder.Core.Trust;
using CrossBorder.Gateway.Configuration;
using CrossBorder.Gateway.Configuration.Loading;
using CrossBorder.Gateway.Configuration.Validation;
using CrossBorder.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrossBorder.Gateway.Tests.Configuration;

/// <summary>The trust list checker: only the list the pinned operator signed opens, and a broken trust state in the data folder is named.</summary>
[Collection(SharedFederation.Name)]
public sealed class TrustListFileTests(FederationFixture federation) : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly OptionProblems _problems = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void The_federation_s_list_opens_with_the_pinned_operator()
    {
        var (manager, path) = Load(File.ReadAllBytes(federation.Layout.TrustList));

        Assert.Empty(_problems.All);
        Assert.Equal(_directory.File("trustlist.p7s"), path);
        Assert.Equal(6, manager!.Current!.Participants.Count);
    }

    [Fact]
    public void A_list_signed_by_another_operator_is_refused_as_UNTRUSTED()
    {
        var (manager, _) = Load(TrustListForgeries.SignedByAnotherOperator(File.ReadAllBytes(federation.Layout.TrustList)));

        Assert.Null(manager);
        Assert.Equal([$"TrustList: {_directory.File("trustlist.p7s")} refused: {ReasonCode.Untrusted.Name()}: trust list is not signed by the pinned operator certificate"], _problems.All);
    }

    [Fact]
    public void Garbage_instead_of_a_signed_list_is_refused_as_MALFORMED()
    {
        var (manager, _) = Load("not a signed trust list"u8.ToArray());

        Assert.Null(manager);
        Assert.Equal([$"TrustList: {_directory.File("trustlist.p7s")} refused: {ReasonCode.Malformed.Name()}: trust list is not well-formed"], _problems.All);
    }

    [Fact]
    public void An_unreadable_trust_state_in_the_data_folder_is_named_not_ignored()
    {
        Directory.CreateDirectory(_directory.File("data"));
        File.WriteAllText(_directory.File("data/trust-state.json"), "{ not json");

        var (manager, _) = Load(File.ReadAllBytes(federation.Layout.TrustList));

        Assert.Null(manager);
        Assert.Equal([$"DataDirectory: trust state {_directory.File("data/trust-state.json")} is unreadable; restore it from backup"], _problems.All);
    }

    [Fact]
    public void A_missing_operator_certificate_and_a_missing_list_are_reported_together()
    {
        var options = new GatewayOptions { OperatorCertificate = "operator.crt", TrustList = "trustlist.p7s" };

        var (manager, path) = TrustListFile.Load(options, Reader(), _directory.File("data"), NullLoggerFactory.Instance);

        Assert.Null(manager);
        Assert.Null(path);
        Assert.Equal(
        [
            $"OperatorCertificate: file {_directory.File("operator.crt")} does not exist",
            $"TrustList: file {_directory.File("trustlist.p7s")} does not exist",
        ], _problems.All);
    }

    private (TrustListManager? Manager, string? Path) Load(byte[] list)
    {
        File.WriteAllBytes(_directory.File("trustlist.p7s"), list);
        var options = new GatewayOptions { OperatorCertificate = federation.Layout.OperatorCertificate, TrustList = "trustlist.p7s" };
        return TrustListFile.Load(options, Reader(), _directory.File("data"), NullLoggerFactory.Instance);
    }

    private ConfigFileReader Reader() => new(_directory.Path, TimeProvider.System, _problems);
}
