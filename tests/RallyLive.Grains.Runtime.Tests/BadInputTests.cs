using RallyLive.Grains.Runtime.Tests.Grains;

namespace RallyLive.Grains.Runtime.Tests;

[Collection(ClusterCollection.Name)]
public sealed class BadInputTests(ClusterFixture fixture)
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void GetGrain_WithANullOrEmptyKey_IsRejected(string? key)
    {
        var error = Assert.Throws<ArgumentException>(() => fixture.Grains.GetGrain<ICounterGrain>(key!));

        Assert.Contains(nameof(ICounterGrain), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetGrain_WithAKeyOfTheWrongKind_IsRejectedNamingTheKey()
    {
        var key = Guid.NewGuid();

        var error = Assert.Throws<ArgumentException>(() => fixture.Grains.GetGrain(typeof(ICounterGrain), key));

        Assert.Contains("String key", error.Message, StringComparison.Ordinal);
        Assert.Contains(key.ToString("N"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetGrain_ForATypeThatIsNotAGrainInterface_IsRejectedNamingTheKey()
    {
        var error = Assert.Throws<ArgumentException>(() => fixture.Grains.GetGrain(typeof(IDisposable), "rally-1"));

        Assert.Contains("System.IDisposable", error.Message, StringComparison.Ordinal);
        Assert.Contains("rally-1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetGrain_ForAnInterfaceNoClassImplements_IsRejectedNamingTheKey()
    {
        var error = Assert.Throws<InvalidOperationException>(() => fixture.Grains.GetGrain<IUnimplementedGrain>("rally-2"));

        Assert.Contains("No grain class implements IUnimplementedGrain", error.Message, StringComparison.Ordinal);
        Assert.Contains("rally-2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetGrain_ForAnInterfaceTwoClassesImplement_IsRejected()
    {
        var error = Assert.Throws<InvalidOperationException>(() => fixture.Grains.GetGrain<ITurnRecorder>("rally-3"));

        Assert.Contains("Several grain classes implement ITurnRecorder", error.Message, StringComparison.Ordinal);
    }
}
