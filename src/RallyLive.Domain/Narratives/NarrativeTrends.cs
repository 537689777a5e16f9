namespace RallyLive.Domain.Narratives;

/// <summary>The trend rule, as a pure function so that its edges can be tested directly.</summary>
public static class NarrativeTrends
{
    /// <summary>
    /// Rising when the last window has more messages than <paramref name="risingRatio"/> times the previous one (so
    /// anything after silence); falling when it has fewer than <paramref name="fallingRatio"/> times the previous one,
    /// or none; otherwise steady.
    /// </summary>
    public static NarrativeTrend Classify(int lastWindow, int previousWindow, double risingRatio, double fallingRatio)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lastWindow);
        ArgumentOutOfRangeException.ThrowIfNegative(previousWindow);
        if (lastWindow == 0)
        {
            return NarrativeTrend.Falling;
        }

        if (lastWindow > risingRatio * previousWindow)
        {
            return NarrativeTrend.Rising;
        }

        return lastWindow < fallingRatio * previousWindow ? NarrativeTrend.Falling : NarrativeTrend.Steady;
    }
}
