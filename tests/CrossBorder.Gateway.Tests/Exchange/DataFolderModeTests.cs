using CrossBorder.Gateway.Tests.Infrastructure;

namespace CrossBorder.Gateway.Tests.Exchange;

/// <summary>The data folder holds sealed envelopes, the pseudonym secret and the trust state: it is its owner's only.</summary>
[Collection(SharedExchange.Name)]
public sealed class DataFolderModeTests(ExchangeFederation federation) : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_fresh_start_creates_the_data_folder_for_its_owner_only()
    {
        var data = _data.File("al");

        await using (await federation.StartAsync("AL/NCP", data))
        {
            Assert.True(File.Exists(Path.Combine(data, "gateway.db")));
            Assert.True(File.Exists(Path.Combine(data, "pseudonym.secret")));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(OwnerOnly, File.GetUnixFileMode(data));
            }
        }
    }

    [Fact]
    public async Task An_existing_data_folder_keeps_its_mode()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // no Unix modes
        }

        var data = _data.File("al-existing");
        const UnixFileMode Chosen = OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;
        Directory.CreateDirectory(data, Chosen);

        await using (await federation.StartAsync("AL/NCP", data))
        {
            Assert.True(File.Exists(Path.Combine(data, "gateway.db")));
            Assert.Equal(Chosen, File.GetUnixFileMode(data));
        }
    }
}
