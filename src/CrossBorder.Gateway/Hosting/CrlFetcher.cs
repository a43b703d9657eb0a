using CrossBorder.Core.Trust;
using CrossBorder.Gateway.Configuration;
using Microsoft.Extensions.Logging;

namespace CrossBorder.Gateway.Hosting;

/// <summary>
/// Fetches fresher CRLs from the CRL locations the trust list gives per country (https, http or
/// file), at most every <see cref="CrlFetchSchedule.Interval"/>. A failed fetch changes
/// nothing: the CRLs already held stay in use, and the revocation monitor warns before they go stale.
/// </summary>
internal sealed class CrlFetcher(TrustListManager trust, CrlStore crls, CrlFetchSchedule schedule, TimeProvider time, ILogger<CrlFetcher> logger) : IDisposable
{
    private const int MaxCrlBytes = 1024 * 1024;
    // A CRL location is a fixed address from the signed trust list: a redirect would let whoever
    // answers there make the gateway request any other address (a blind request from inside).
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false })
    {
        Timeout = TimeSpan.FromSeconds(10),
        MaxResponseContentBufferSize = MaxCrlBytes,
    };
    private DateTimeOffset _next = DateTimeOffset.MinValue;

    public async Task FetchIfDueAsync(CancellationToken cancellationToken, bool force = false)
    {
        var now = time.GetUtcNow();
        if (now < _next && !force)
        {
            return;
        }

        _next = now + schedule.Interval;
        foreach (var country in trust.Current!.Document.Countries)
        {
            foreach (var location in country.CrlLocations)
            {
                var crl = await FetchAsync(location, cancellationToken).ConfigureAwait(false);
                if (crl is null)
                {
                    continue;
                }

                var refused = crls.Offer(country.Code, crl);
                if (refused is null)
                {
                    GatewayLog.CrlFetched(logger, country.Code, location);
                }
                else if (refused != CrlStore.NotNewer)
                {
                    GatewayLog.CrlRefused(logger, country.Code, location, refused);
                }
            }
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<byte[]?> FetchAsync(string location, CancellationToken cancellationToken)
    {
        try
        {
            if (!Uri.TryCreate(location, UriKind.Absolute, out var uri))
            {
                GatewayLog.CrlFetchFailed(logger, location, "not an absolute URI");
                return null;
            }

            if (uri.IsFile)
            {
                var file = new FileInfo(uri.LocalPath);
                return file.Exists && file.Length <= MaxCrlBytes ? await File.ReadAllBytesAsync(file.FullName, cancellationToken).ConfigureAwait(false) : null;
            }

            if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            {
                GatewayLog.CrlFetchFailed(logger, location, "only https, http and file locations are fetched");
                return null;
            }

            // CRLs are signed: their integrity does not depend on the transport.
            return await _http.GetByteArrayAsync(uri, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException or UnauthorizedAccessException)
        {
            GatewayLog.CrlFetchFailed(logger, location, ex.GetType().Name);
            return null;
        }
    }
}
