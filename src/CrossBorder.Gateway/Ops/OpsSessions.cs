using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace CrossBorder.Gateway.Ops;

/// <summary>
/// Console sessions kept in the gateway's memory: the cookie carries only a random key, so a
/// session ends for good at sign-out or expiry (a copied cookie is worth nothing after), and a
/// restart signs everyone out. Bounded: the oldest session goes when the table is full.
/// </summary>
internal sealed class OpsSessions(TimeProvider time) : ITicketStore
{
    private const int MaxSessions = 64;

    private readonly ConcurrentDictionary<string, AuthenticationTicket> _tickets = new(StringComparer.Ordinal);

    public Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        Sweep();
        while (_tickets.Count >= MaxSessions)
        {
            var oldest = _tickets.MinBy(t => t.Value.Properties.IssuedUtc ?? DateTimeOffset.MinValue).Key;
            _tickets.TryRemove(oldest, out _);
        }

        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        _tickets[key] = ticket;
        return Task.FromResult(key);
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        _tickets[key] = ticket;
        return Task.CompletedTask;
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        if (_tickets.TryGetValue(key, out var ticket) && ticket.Properties.ExpiresUtc > time.GetUtcNow())
        {
            return Task.FromResult<AuthenticationTicket?>(ticket);
        }

        _tickets.TryRemove(key, out _);
        return Task.FromResult<AuthenticationTicket?>(null);
    }

    public Task RemoveAsync(string key)
    {
        _tickets.TryRemove(key, out _);
        return Task.CompletedTask;
    }

    /// <summary>How many sessions are open.</summary>
    public int Count => _tickets.Count;

    private void Sweep()
    {
        var now = time.GetUtcNow();
        foreach (var (key, ticket) in _tickets)
        {
            if (!(ticket.Properties.ExpiresUtc > now))
            {
                _tickets.TryRemove(key, out _);
            }
        }
    }

    /// <summary>The session cookie's rules: HttpOnly, Secure, SameSite=Strict, a fixed lifetime.</summary>
    public static void Configure(CookieAuthenticationOptions options, OpsSessions sessions, TimeSpan lifetime, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.SessionStore = sessions;
        options.TimeProvider = time;
        options.Cookie.Name = "crossborder-ops";
        options.Cookie.HttpOnly = true;
        options.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.Always;
        options.Cookie.SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Strict;
        options.ExpireTimeSpan = lifetime;
        options.SlidingExpiration = false;
        options.LoginPath = "/login";
        options.LogoutPath = "/logout";
        options.AccessDeniedPath = "/login";
        options.ReturnUrlParameter = "next";
    }
}
