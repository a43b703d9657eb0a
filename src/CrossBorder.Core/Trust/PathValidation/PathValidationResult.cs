using System.Security.Cryptography.X509Certificates;

namespace CrossBorder.Core.Trust.PathValidation;

/// <summary>The outcome of <see cref="PathValidator.Validate"/>.</summary>
/// <param name="Check"><see cref="PathCheck.Accepted"/>, or the reason code and a safe detail.</param>
/// <param name="Path">
/// The validated path, leaf first and anchor last, with the certificate objects of the request.
/// When refused: the candidate path the reason belongs to, or empty when no path was found.
/// </param>
public sealed record PathValidationResult(PathCheck Check, IReadOnlyList<X509Certificate2> Path)
{
    /// <summary>Whether the leaf was accepted.</summary>
    public bool IsValid => Check.IsAccepted;
}
