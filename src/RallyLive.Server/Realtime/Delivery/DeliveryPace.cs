using Microsoft.Extensions.Options;
using RallyLive.Grains;

namespace RallyLive.Server.Realtime.Delivery;

/// <summary>How much of the live picture a node sends its viewers.</summary>
public enum DeliveryLevel
{
    /// <summary>Every frame (a few a second per stream) and chat up to each stream's fan-out cap.</summary>
    Full,

    /// <summary>Sends go out in batches (frames of a stream merged within a batch) and viewers see a smaller sample of chat.</summary>
    Reduced,

    /// <summary>Longer batches, a still smaller sample of chat.</summary>
    Minimal,
}

/// <summary>
/// What organisers are told of the node they are connected to: how much its viewers get and why. Sent as
/// <c>ServerLoad</c> when it changes (docs/protocol.md).
/// </summary>
/// <param name="Level">How much the node sends its viewers.</param>
/// <param name="FrameIntervalMs">How often each stream's viewers get a frame at most; 0 at every tick.</param>
/// <param name="ChatPerSecondPerStream">Visible chat messages a second each stream's viewers are sent at most.</param>
/// <param name="Since">When the node came to this level.</param>
/// <param name="Reason">Why, in words an organiser reads.</param>
public sealed record DeliveryLoad(DeliveryLevel Level, int FrameIntervalMs, double ChatPerSecondPerStream, DateTimeOffset Since, string Reason);

/// <summary>One sampling interval of a node's work, as <see cref="DeliveryLoadMonitor"/> measured it.</summary>
/// <param name="SenderBusy">The share of the interval the node's sender spent sending (0 to 1).</param>
/// <param name="SchedulingDelay">How late, on average, work queued to the thread pool started: the processors' backlog.</param>
/// <param name="ConnectionsBehind">The share of connections with messages waiting behind full buffers at its end (<see cref="SendBacklog"/>).</param>
public readonly record struct LoadSample(double SenderBusy, TimeSpan SchedulingDelay, double ConnectionsBehind = 0);

/// <summary>
/// Graceful degradation: when a node is saturated (its processors have a backlog, its sender cannot keep up, or many of
/// its clients take less than they are sent), it steps down a level, sending its viewers frames in batches and a
/// smaller sample of chat, so that what it does send arrives in time; once the load has eased for a while it steps
/// back up. Votes, moderator actions and every other acknowledged call are answered as before and their effects are
/// never merged or sampled away; organisers get every frame and are told the level (<see cref="DeliveryLoad"/>).
/// Thread-safe.
/// </summary>
public sealed class DeliveryPace
{
    private readonly DegradationOptions _options;
    private readonly RateLimit _chatFanOut;
    private readonly TimeProvider _time;
    private readonly Lock _observing = new();
    private int _saturatedSamples;
    private int _calmSamples;
    private volatile DeliveryLoad _current;

    public DeliveryPace(IOptions<RealtimeOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        (_options, _chatFanOut, _time) = (options.Value.Degradation, options.Value.ChatFanOutPerStream, time);
        _current = LoadAt(DeliveryLevel.Full, "the node keeps up");
    }

    public DeliveryLoad Current => _current;

    /// <summary>The least time between the starts of two of the sender's batches: zero at <see cref="DeliveryLevel.Full"/>.</summary>
    public TimeSpan BatchInterval => BatchIntervalAt(_current.Level);

    /// <summary>The share of each stream's chat fan-out its viewers are sent at this level.</summary>
    public double ChatShare => ChatShareAt(_current.Level);

    /// <summary>
    /// Takes in one interval's sample: after <see cref="DegradationOptions.StepDownAfterSamples"/> saturated intervals in
    /// a row the node sheds one level more, after <see cref="DegradationOptions.StepUpAfterSamples"/> calm ones it gets
    /// one back; in between it holds. Returns whether the level changed.
    /// </summary>
    public bool Observe(LoadSample sample)
    {
        if (!_options.Enabled)
        {
            return false;
        }

        lock (_observing)
        {
            return Step(sample);
        }
    }

    private bool Step(LoadSample sample)
    {
        var level = _current.Level;
        if (SaturationOf(sample) is { } saturation)
        {
            _calmSamples = 0;
            if (++_saturatedSamples >= _options.StepDownAfterSamples && level < DeliveryLevel.Minimal)
            {
                _saturatedSamples = 0;
                _current = LoadAt(level + 1, saturation);
                return true;
            }

            return false;
        }

        _saturatedSamples = 0;
        var calm = sample.SenderBusy < _options.SenderBusyBelow && sample.SchedulingDelay < _options.SchedulingDelayBelow
            && sample.ConnectionsBehind < _options.ConnectionsBehindBelow;
        _calmSamples = calm ? _calmSamples + 1 : 0;
        if (_calmSamples >= _options.StepUpAfterSamples && level > DeliveryLevel.Full)
        {
            _calmSamples = 0;
            _current = LoadAt(level - 1, "the load has eased");
            return true;
        }

        return false;
    }

    /// <summary>Why a sample counts as saturated, in words an organiser reads; null when it does not.</summary>
    private string? SaturationOf(LoadSample sample) =>
        sample.SchedulingDelay >= _options.SchedulingDelayAbove
            ? $"the server's processors are saturated (work waited {sample.SchedulingDelay.TotalMilliseconds:0} ms to start)"
            : sample.SenderBusy >= _options.SenderBusyAbove
                ? $"sending to viewers took {sample.SenderBusy:P0} of the server's time"
                : sample.ConnectionsBehind >= _options.ConnectionsBehindAbove
                    ? $"{sample.ConnectionsBehind:P0} of connections have messages waiting (their clients or networks take less than they are sent)"
                    : null;

    private DeliveryLoad LoadAt(DeliveryLevel level, string reason) => new(
        level,
        (int)BatchIntervalAt(level).TotalMilliseconds,
        Math.Round(_chatFanOut.PerSecond * ChatShareAt(level), 1),
        _time.GetUtcNow(),
        reason);

    private TimeSpan BatchIntervalAt(DeliveryLevel level) => level switch
    {
        DeliveryLevel.Reduced => _options.ReducedBatchInterval,
        DeliveryLevel.Minimal => _options.MinimalBatchInterval,
        _ => TimeSpan.Zero,
    };

    private double ChatShareAt(DeliveryLevel level) => level switch
    {
        DeliveryLevel.Reduced => _options.ReducedChatShare,
        DeliveryLevel.Minimal => _options.MinimalChatShare,
        _ => 1,
    };
}

/// <summary>When and how far a node sheds load. Bound from <c>RallyLive:Realtime:Degradation</c>.</summary>
public sealed class DegradationOptions
{
    /// <summary>Off: the node always sends everything, however late.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the node samples its load.</summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>An interval is saturated when work queued to the thread pool waited this long on average to start...</summary>
    public TimeSpan SchedulingDelayAbove { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>...or the sender was busy this share of it.</summary>
    public double SenderBusyAbove { get; set; } = 0.8;

    /// <summary>...or this share of the node's connections had messages waiting behind full buffers at its end.</summary>
    public double ConnectionsBehindAbove { get; set; } = 0.1;

    /// <summary>An interval is calm when all three are below these.</summary>
    public TimeSpan SchedulingDelayBelow { get; set; } = TimeSpan.FromMilliseconds(40);

    public double SenderBusyBelow { get; set; } = 0.4;

    public double ConnectionsBehindBelow { get; set; } = 0.01;

    /// <summary>Saturated intervals in a row before the node sheds one level more (one slow interval, a long GC say, is not enough).</summary>
    public int StepDownAfterSamples { get; set; } = 2;

    /// <summary>Calm intervals in a row before the node gets one level back.</summary>
    public int StepUpAfterSamples { get; set; } = 10;

    public TimeSpan ReducedBatchInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MinimalBatchInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The share of <see cref="RealtimeOptions.ChatFanOutPerStream"/> viewers are sent at <see cref="DeliveryLevel.Reduced"/>.</summary>
    public double ReducedChatShare { get; set; } = 0.5;

    public double MinimalChatShare { get; set; } = 0.2;

    public bool IsValid =>
        SampleInterval > TimeSpan.Zero
        && SchedulingDelayBelow > TimeSpan.Zero && SchedulingDelayBelow < SchedulingDelayAbove
        && SenderBusyBelow > 0 && SenderBusyBelow < SenderBusyAbove && SenderBusyAbove <= 1
        && ConnectionsBehindBelow > 0 && ConnectionsBehindBelow < ConnectionsBehindAbove && ConnectionsBehindAbove <= 1
        && StepDownAfterSamples >= 1 && StepUpAfterSamples >= 1
        && ReducedBatchInterval > TimeSpan.Zero && MinimalBatchInterval >= ReducedBatchInterval
        && ReducedChatShare is > 0 and <= 1 && MinimalChatShare > 0 && MinimalChatShare <= ReducedChatShare;
}
