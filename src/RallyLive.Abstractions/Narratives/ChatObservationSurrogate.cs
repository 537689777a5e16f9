using RallyLive.Domain.Narratives;

namespace RallyLive.Abstractions.Narratives;

/// <summary>
/// <see cref="ChatObservation"/> on the wire: the domain record stays free of Orleans, so it crosses grain
/// boundaries through this surrogate. Field ids are those the record had.
/// </summary>
[GenerateSerializer, Alias("rallylive.chat-observation-surrogate")]
public struct ChatObservationSurrogate
{
    [Id(0)] public string MessageId { get; set; }
    [Id(1)] public DateTimeOffset At { get; set; }
    [Id(2)] public string StreamId { get; set; }
    [Id(3)] public string ViewerId { get; set; }
    [Id(4)] public DateTimeOffset ViewerJoinedAt { get; set; }
    [Id(5)] public string Text { get; set; }
    [Id(6)] public double Sentiment { get; set; }
}

[RegisterConverter]
public sealed class ChatObservationSurrogateConverter : IConverter<ChatObservation, ChatObservationSurrogate>
{
    public ChatObservation ConvertFromSurrogate(in ChatObservationSurrogate surrogate) =>
        new(surrogate.MessageId, surrogate.At, surrogate.StreamId, surrogate.ViewerId, surrogate.ViewerJoinedAt, surrogate.Text,
            surrogate.Sentiment);

    public ChatObservationSurrogate ConvertToSurrogate(in ChatObservation value) => new()
    {
        MessageId = value.MessageId,
        At = value.At,
        StreamId = value.StreamId,
        ViewerId = value.ViewerId,
        ViewerJoinedAt = value.ViewerJoinedAt,
        Text = value.Text,
        Sentiment = value.Sentiment,
    };
}
