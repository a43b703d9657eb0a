namespace CrossBorder.Core.Trust.PathValidation;

/// <summary>
/// BouncyCastle reports bad input with many exception types: its own certificate and CRL
/// exceptions, <see cref="IOException"/> from the ASN.1 layer, <see cref="ArgumentException"/>,
/// <see cref="InvalidCastException"/>, and plain <see cref="Exception"/> from CRL processing.
/// All of them mean "this input is refused"; only failures of the runtime itself are not.
/// </summary>
internal static class BouncyCastleErrors
{
    public static bool IsDecodingError(Exception ex) =>
        ex is not (OutOfMemoryException or InsufficientExecutionStackException or ThreadInterruptedException or OperationCanceledException);
}
