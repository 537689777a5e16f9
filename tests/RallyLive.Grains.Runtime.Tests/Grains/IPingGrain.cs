namespace RallyLive.Grains.Runtime.Tests.Grains;

/// <summary>Calls another grain that may call back: the deadlock and nesting tests.</summary>
public interface IPingGrain : IGrainWithStringKey
{
    /// <summary>Calls <paramref name="path"/>'s first grain with the rest of the path; returns the keys visited.</summary>
    Task<string> Ping(string[] path);
}

public sealed class PingGrain : Grain, IPingGrain
{
    public async Task<string> Ping(string[] path)
    {
        var here = this.GetPrimaryKeyString();
        if (path.Length == 0)
        {
            return here;
        }

        var next = GrainFactory.GetGrain<IPingGrain>(path[0]);
        return here + ">" + await next.Ping(path[1..]);
    }
}
