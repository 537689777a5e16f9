namespace RallyLive.Grains.Runtime.Tests.Grains;

/// <summary>A grain keyed by a Guid.</summary>
public interface IGuidKeyGrain : IGrainWithGuidKey
{
    Task<Guid> GetKey();
}

/// <summary>A grain keyed by an integer.</summary>
public interface IIntegerKeyGrain : IGrainWithIntegerKey
{
    Task<long> GetKey();
}

/// <summary>A grain interface no class implements.</summary>
public interface IUnimplementedGrain : IGrainWithStringKey
{
    Task Nothing();
}

public sealed class GuidKeyGrain : Grain, IGuidKeyGrain
{
    public Task<Guid> GetKey() => Task.FromResult(this.GetPrimaryKey());
}

public sealed class IntegerKeyGrain : Grain, IIntegerKeyGrain
{
    public Task<long> GetKey() => Task.FromResult(this.GetPrimaryKeyLong());
}

/// <summary>Fails its activation while the probe's counter "fail:{key}" is positive.</summary>
public interface IFragileGrain : IGrainWithStringKey
{
    Task<string> Hello();
}

public sealed class FragileGrain(GrainProbe probe) : Grain, IFragileGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        return probe.Increment("attempt:" + key) <= probe.Count("failures:" + key)
            ? throw new InvalidOperationException("The stage lights are not ready.")
            : Task.CompletedTask;
    }

    public Task<string> Hello() => Task.FromResult("hello from " + this.GetPrimaryKeyString());
}
