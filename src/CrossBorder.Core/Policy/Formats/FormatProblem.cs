namespace CrossBorder.Core.Policy.Formats;

/// <summary>One field whose value is not in its declared form: its path (with indices) and what is wrong, never the value.</summary>
/// <param name="Path">e.g. <c>identity_confirmation_request.person.nationalities[0]</c>.</param>
/// <param name="DetailCode">One of <see cref="FormatDetailCodes"/>.</param>
public sealed record FormatProblem(string Path, string DetailCode);
