namespace CrossBorder.Gateway.Configuration;

/// <summary>The files the reload tick watches while the gateway runs, and how often it looks.</summary>
/// <param name="TrustList">The signed trust list file.</param>
/// <param name="Poll">How often the files are checked.</param>
/// <param name="Policy">The minimization policy file; null for the shipped default, which never changes.</param>
internal sealed record WatchedFiles(string TrustList, TimeSpan Poll, string? Policy);
