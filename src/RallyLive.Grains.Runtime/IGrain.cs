namespace RallyLive.Grains.Runtime;

/// <summary>Anything that has a grain identity: a grain reference or a grain instance.</summary>
public interface IAddressable;

/// <summary>Marker for grain interfaces. Derive from one of the keyed interfaces below.</summary>
public interface IGrain : IAddressable;

/// <summary>A grain whose key is a non-empty string.</summary>
public interface IGrainWithStringKey : IGrain;

/// <summary>A grain whose key is a <see cref="Guid"/>.</summary>
public interface IGrainWithGuidKey : IGrain;

/// <summary>A grain whose key is a 64-bit integer.</summary>
public interface IGrainWithIntegerKey : IGrain;
