
namespace RallyLive.Server.Health;

/// <summary>A grain the health check calls, so that "healthy" means a grain activated and its state was stored.</summary>
public interface IHealthGrain : IGrainWithStringKey
{
    /// <summary>Stores <paramref name="checkedAt"/> durably and returns how many checks this grain has stored.</summary>
    ValueTask<long> Check(DateTimeOffset checkedAt);
}
