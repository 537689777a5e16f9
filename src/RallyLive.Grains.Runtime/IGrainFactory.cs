namespace RallyLive.Grains.Runtime;

/// <summary>Creates grain references. References are cheap; the grain is activated on its first call.</summary>
public interface IGrainFactory
{
    TGrainInterface GetGrain<TGrainInterface>(string primaryKey) where TGrainInterface : IGrainWithStringKey;

    TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey) where TGrainInterface : IGrainWithGuidKey;

    TGrainInterface GetGrain<TGrainInterface>(long primaryKey) where TGrainInterface : IGrainWithIntegerKey;

    /// <summary>Non-generic form for callers that hold the interface as a <see cref="Type"/>; the key kind is checked at run time.</summary>
    IGrain GetGrain(Type grainInterfaceType, string key);

    /// <inheritdoc cref="GetGrain(Type, string)"/>
    IGrain GetGrain(Type grainInterfaceType, Guid key);

    /// <inheritdoc cref="GetGrain(Type, string)"/>
    IGrain GetGrain(Type grainInterfaceType, long key);
}
