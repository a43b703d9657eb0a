namespace CrossBorder.Core.Delivery.States;

/// <summary>One allowed move of a state machine and the event that causes it.</summary>
/// <param name="From">The state before.</param>
/// <param name="To">The state after.</param>
/// <param name="Event">What causes it.</param>
public sealed record Transition<TState, TEvent>(TState From, TState To, TEvent Event)
    where TState : struct, Enum
    where TEvent : struct, Enum;
