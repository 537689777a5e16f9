namespace RallyLive.Persistence.Tests;

/// <summary>A grain state as a storage provider sees it, starting from a new <typeparamref name="T"/> (Orleans' GrainState allows null).</summary>
public sealed class TestState<T> : Orleans.IGrainState<T>
    where T : new()
{
    public T State { get; set; } = new();

    T? Orleans.IGrainState<T>.State
    {
        get => State;
        set => State = value ?? new T();
    }

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }
}
