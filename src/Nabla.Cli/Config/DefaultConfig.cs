namespace Nabla.Cli.Config;

/// <summary>
/// The config <c>nabla train</c> runs without arguments: the reference CNN (conv32-BN-ReLU-pool,
/// conv64-BN-ReLU-pool, fc128-dropout0.3, fc10; Adam) on Fashion-MNIST (the full set when installed, else the
/// shipped sample), capped at 4,000 training and 1,000 test images and 2 epochs so that it ends in about a minute
/// on 2 cores. <c>examples/configs/cnn.json</c> is the same network without the caps.
/// </summary>
public static class DefaultConfig
{
    /// <summary>The demo config as JSON.</summary>
    public const string Json = """
        {
          "name": null,
          "seed": 0,
          "data": {
            "dataset": "fashion-mnist",
            "max_train_samples": 4000,
            "max_test_samples": 1000,
            "validation_split": 0.1,
            "normalization": "auto",
            "augmentation": []
          },
          "model": {
            "type": "Sequential",
            "layers": [
              { "type": "Conv2d", "out_channels": 32, "kernel_size": 3, "padding": 1 },
              { "type": "BatchNorm2d" },
              { "type": "ReLU" },
              { "type": "MaxPool2d", "kernel_size": 2 },
              { "type": "Conv2d", "out_channels": 64, "kernel_size": 3, "padding": 1 },
              { "type": "BatchNorm2d" },
              { "type": "ReLU" },
              { "type": "MaxPool2d", "kernel_size": 2 },
              { "type": "Flatten" },
              { "type": "Linear", "out_features": 128 },
              { "type": "ReLU" },
              { "type": "Dropout", "p": 0.3 },
              { "type": "Linear", "out_features": 10 }
            ]
          },
          "optimizer": { "name": "adam", "lr": 0.001 },
          "loss": "cross_entropy",
          "metrics": ["accuracy"],
          "epochs": 2,
          "batch_size": 128
        }
        """;
}
