global using Orleans;
global using Orleans.Runtime;
global using Orleans.TestingHost;
global using RallyLive.Persistence.Tests.Grains;
global using RallyLive.Testing;
