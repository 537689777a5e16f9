using RallyLive.Server.Hosting;

namespace RallyLive.Server.Tests;

/// <summary>The shared array pool's size per core, set for fan-out unless the operator set it.</summary>
public sealed class SendBufferPoolTests
{
    [Fact]
    public void Configure_WhenTheOperatorSetNothing_KeepsEnoughBuffersPerCoreForAFrameToEveryConnection() =>
        WithVariable(null, () =>
        {
            SendBufferPool.Configure();
            Assert.Equal(SendBufferPool.ArraysPerCore.ToString(System.Globalization.CultureInfo.InvariantCulture), Environment.GetEnvironmentVariable(SendBufferPool.Variable));
        });

    [Fact]
    public void Configure_KeepsTheOperatorsOwnValue() =>
        WithVariable("64", () =>
        {
            SendBufferPool.Configure();
            Assert.Equal("64", Environment.GetEnvironmentVariable(SendBufferPool.Variable));
        });

    /// <summary>The runtime read the variable when this process started; it is put back as it was after each test.</summary>
    private static void WithVariable(string? value, Action test)
    {
        var before = Environment.GetEnvironmentVariable(SendBufferPool.Variable);
        Environment.SetEnvironmentVariable(SendBufferPool.Variable, value);
        try
        {
            test();
        }
        finally
        {
            Environment.SetEnvironmentVariable(SendBufferPool.Variable, before);
        }
    }
}
