namespace CrossBorder.Core.Delivery;

/// <summary>
/// What a step of a message's way answers: its value, or the <see cref="Delivery.Refusal"/> that
/// stops the message there. Returned, not thrown, so that the pipeline's order reads top to bottom.
/// </summary>
/// <typeparam name="T">The step's value.</typeparam>
public readonly struct Outcome<T>
{
    private readonly T? _value;

    private Outcome(T? value, Refusal? refusal)
    {
        _value = value;
        Refusal = refusal;
    }

    /// <summary>Why the step refused; null when it went through.</summary>
    public Refusal? Refusal { get; }

    /// <summary>True when the step went through.</summary>
    public bool IsAccepted => Refusal is null;

    /// <summary>The step's value; only when <see cref="IsAccepted"/>.</summary>
    public T Value => IsAccepted ? _value! : throw new InvalidOperationException("a refused step has no value");

    /// <summary>The step went through with <paramref name="value"/>.</summary>
    public static Outcome<T> Accept(T value) => new(value, null);

    /// <summary>The step refused the message.</summary>
    public static Outcome<T> Refuse(Refusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return new(default, refusal);
    }

    /// <summary>A step's value as its outcome.</summary>
    public static implicit operator Outcome<T>(T value) => Accept(value);

    /// <summary>A refusal as a step's outcome.</summary>
    public static implicit operator Outcome<T>(Refusal refusal) => Refuse(refusal);
}
