global using Orleans;
global using RallyLive.Testing;
