using Nabla.Data.Augment;

namespace Nabla.Cli.Config;

/// <summary>
/// One entry of <c>data.augmentation</c>: <c>{"name": "random_crop", "padding": 2}</c> (or just a name), mapped to
/// the <see cref="Nabla.Data.Augment"/> class of that name with the arguments in snake_case.
/// </summary>
public static class AugmentationConfig
{
    /// <summary>The augmentation names a config can use.</summary>
    public static readonly string[] Names =
    [
        "random_horizontal_flip", "random_vertical_flip", "random_crop", "random_rotation", "random_affine",
        "random_resized_crop", "random_erasing", "gaussian_noise", "color_jitter", "trivial_augment_wide",
    ];

    private static readonly string[] FillModes = ["constant", "reflect", "edge"];

    /// <summary>Reads one augmentation and builds it.</summary>
    public static IAugmentation Read(ConfigSection s)
    {
        string name = s.Choice("name", "", Names);
        IAugmentation aug;
        try
        {
            aug = name switch
            {
                "random_horizontal_flip" => new RandomHorizontalFlip(s.Number("p", 0.5, 0, 1)),
                "random_vertical_flip" => new RandomVerticalFlip(s.Number("p", 0.5, 0, 1)),
                "random_crop" => new RandomCrop(s.Int("padding", 4, 0, 1000),
                    Enum.Parse<FillMode>(s.Choice("fill_mode", "constant", FillModes), ignoreCase: true), (float)s.Number("fill", 0)),
                "random_rotation" => new RandomRotation(s.Number("degrees", 10, 0, 360), (float)s.Number("fill", 0)),
                "random_affine" => new RandomAffine(s.Number("degrees", 0, 0, 360), s.Number("translate_x", 0, 0, 1),
                    s.Number("translate_y", 0, 0, 1), s.Number("scale_min", 1, 0.01, 100), s.Number("scale_max", 1, 0.01, 100),
                    s.Number("shear", 0, 0, 90), (float)s.Number("fill", 0)),
                "random_resized_crop" => new RandomResizedCrop(s.Number("scale_min", 0.08, 0, 1), s.Number("scale_max", 1, 0, 1),
                    s.Number("ratio_min", 3.0 / 4.0, 0.01, 100), s.Number("ratio_max", 4.0 / 3.0, 0.01, 100)),
                "random_erasing" => new RandomErasing(s.Number("p", 0.5, 0, 1), s.Number("scale_min", 0.02, 0, 1),
                    s.Number("scale_max", 0.33, 0, 1), s.Number("ratio_min", 0.3, 0.01, 100), s.Number("ratio_max", 3.3, 0.01, 100),
                    (float)s.Number("value", 0)),
                "gaussian_noise" => new GaussianNoise(s.Number("std", 0.1, 0, 100), s.Number("mean", 0), s.Bool("clip", true)),
                "color_jitter" => new ColorJitter(s.Number("brightness", 0, 0, 1), s.Number("contrast", 0, 0, 1)),
                "trivial_augment_wide" => new TrivialAugmentWide((float)s.Number("fill", 0)),
                _ => throw new InvalidOperationException($"augmentation '{name}' has no factory"),
            };
        }
        catch (ArgumentException ex)
        {
            throw new ConfigException($"{s.Path}: {ex.Message}");
        }
        s.Finish();
        return aug;
    }
}
