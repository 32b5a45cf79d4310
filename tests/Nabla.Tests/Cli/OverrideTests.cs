using System.Text.Json.Nodes;
using Nabla.Cli.Config;

namespace Nabla.Tests.Cli;

public class OverrideTests
{
    private static JsonObject Base() => RunConfig.ParseJson(DefaultConfig.Json, "demo");

    [Fact]
    public void ValuesAreTypedFromTheJson()
    {
        var root = Base();
        ConfigOverrides.Apply(root, ["optimizer.lr=0.01", "epochs=3", "data.augmentation=[\"random_horizontal_flip\"]", "name=123", "data.use_test=false"]);
        Assert.Equal(0.01, root["optimizer"]!["lr"]!.GetValue<double>());
        Assert.Equal(3, root["epochs"]!.GetValue<int>());
        Assert.Equal("random_horizontal_flip", root["data"]!["augmentation"]![0]!.GetValue<string>());
        Assert.False(root["data"]!["use_test"]!.GetValue<bool>());
        // "name" is null in the demo, so 123 is read as JSON: a number, which validation then rejects.
        Assert.Equal(123, root["name"]!.GetValue<int>());
        var config = RunConfig.ParseJson(DefaultConfig.Json, "demo");
        config["name"] = "run";
        ConfigOverrides.Set(config, "name", "123");
        Assert.Equal("123", config["name"]!.GetValue<string>());
    }

    [Fact]
    public void OverridesReachIntoListsAndCreateObjects()
    {
        var root = Base();
        ConfigOverrides.Apply(root, ["model.layers[9].out_features=64", "model.layers.11.p=0.5", "callbacks.early_stopping.patience=2"]);
        Assert.Equal(64, root["model"]!["layers"]![9]!["out_features"]!.GetValue<int>());
        Assert.Equal(0.5, root["model"]!["layers"]![11]!["p"]!.GetValue<double>());
        var config = RunConfig.Parse(root);
        Assert.Equal(2, config.Callbacks.EarlyStopping!.Patience);
        Assert.Equal("val_loss", config.Callbacks.EarlyStopping.Monitor);
    }

    [Fact]
    public void AnOptimizerNameReplacesTheSectionWithThatOptimizersDefaults()
    {
        var root = Base();
        ConfigOverrides.Set(root, "optimizer", "sgd");
        var config = RunConfig.Parse(root);
        Assert.Equal("sgd", config.Optimizer.Name);
        Assert.Equal(0.01, config.Optimizer.Lr);
        ConfigOverrides.Set(root, "optimizer.momentum", "0.5");
        Assert.Equal(0.5, RunConfig.Parse(root).Optimizer.Momentum);
    }

    [Fact]
    public void MalformedAssignmentsAreRejected()
    {
        var root = Base();
        Assert.Contains("key=value", Assert.Throws<ConfigException>(() => ConfigOverrides.Apply(root, ["epochs"])).Message);
        Assert.Contains("$.epochs", Assert.Throws<ConfigException>(() => ConfigOverrides.Apply(root, ["epochs.x=1"])).Message);
        Assert.Contains("index", Assert.Throws<ConfigException>(() => ConfigOverrides.Apply(root, ["model.layers[99].p=1"])).Message);
    }
}
