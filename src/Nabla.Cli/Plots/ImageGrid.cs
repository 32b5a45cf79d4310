using SkiaSharp;

namespace Nabla.Cli.Plots;

/// <summary>
/// A PNG grid of images [C, H, W] (values in [0, 1], greyscale or RGB), each tile scaled up without smoothing and
/// captioned below, drawn with SkiaSharp (ScottPlot's renderer).
/// </summary>
public static class ImageGrid
{
    /// <summary>One tile: the planar image, its shape and a caption (one or two lines separated by '\n').</summary>
    public sealed record Tile(float[] Pixels, int Channels, int Height, int Width, string Caption, bool Highlight = false);

    /// <summary>Tile side in pixels.</summary>
    public const int TileSize = 112;

    /// <summary>Height of the caption area below a tile.</summary>
    public const int CaptionHeight = 36;

    /// <summary>Space around tiles.</summary>
    public const int Gap = 8;

    /// <summary>Title band height.</summary>
    public const int TitleHeight = 34;

    /// <summary>The pixel size of a grid of <paramref name="count"/> tiles in <paramref name="columns"/> columns.</summary>
    public static (int Width, int Height) Size(int count, int columns)
    {
        int rows = Math.Max(1, (count + columns - 1) / columns);
        return (Gap + columns * (TileSize + Gap), TitleHeight + rows * (TileSize + CaptionHeight + Gap) + Gap);
    }

    /// <summary>Draws <paramref name="tiles"/> in <paramref name="columns"/> columns under <paramref name="title"/> and saves a PNG.</summary>
    public static void Save(IReadOnlyList<Tile> tiles, int columns, string title, string path)
    {
        var (width, height) = Size(tiles.Count, columns);
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var titleFont = new SKFont(SKTypeface.Default, 18);
        using var captionFont = new SKFont(SKTypeface.Default, 12);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var alert = new SKPaint { Color = new SKColor(0xC6, 0x28, 0x28), IsAntialias = true };
        using var frame = new SKPaint { Color = new SKColor(0xC6, 0x28, 0x28), Style = SKPaintStyle.Stroke, StrokeWidth = 3 };
        canvas.DrawText(title, width / 2f, 24, SKTextAlign.Center, titleFont, ink);
        using var sampling = new SKPaint { IsAntialias = false };
        for (int i = 0; i < tiles.Count; i++)
        {
            var tile = tiles[i];
            int x = Gap + (i % columns) * (TileSize + Gap);
            int y = TitleHeight + (i / columns) * (TileSize + CaptionHeight + Gap);
            using var bitmap = ToBitmap(tile);
            using var image = SKImage.FromBitmap(bitmap);
            canvas.DrawImage(image, new SKRect(x, y, x + TileSize, y + TileSize), new SKSamplingOptions(SKFilterMode.Nearest), sampling);
            if (tile.Highlight)
                canvas.DrawRect(x + 1.5f, y + 1.5f, TileSize - 3, TileSize - 3, frame);
            string[] lines = tile.Caption.Split('\n');
            for (int l = 0; l < lines.Length && l < 2; l++)
                canvas.DrawText(Fit(lines[l], captionFont, TileSize + Gap), x + TileSize / 2f, y + TileSize + 14 + l * 15,
                                SKTextAlign.Center, captionFont, l == 1 && tile.Highlight ? alert : ink);
        }
        using var png = surface.Snapshot().Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        png.SaveTo(file);
    }

    private static string Fit(string text, SKFont font, float width)
    {
        if (font.MeasureText(text) <= width)
            return text;
        while (text.Length > 1 && font.MeasureText(text + "…") > width)
            text = text[..^1];
        return text + "…";
    }

    private static SKBitmap ToBitmap(Tile tile)
    {
        var bitmap = new SKBitmap(tile.Width, tile.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        int plane = tile.Height * tile.Width;
        var bytes = new byte[plane * 4];
        for (int p = 0; p < plane; p++)
        {
            byte r = Byte(tile.Pixels[p]);
            byte g = tile.Channels >= 3 ? Byte(tile.Pixels[plane + p]) : r;
            byte b = tile.Channels >= 3 ? Byte(tile.Pixels[2 * plane + p]) : r;
            bytes[4 * p] = r;
            bytes[4 * p + 1] = g;
            bytes[4 * p + 2] = b;
            bytes[4 * p + 3] = 255;
        }
        System.Runtime.InteropServices.Marshal.Copy(bytes, 0, bitmap.GetPixels(), bytes.Length);
        return bitmap;
    }

    private static byte Byte(float v) => (byte)Math.Clamp(MathF.Round(v * 255f), 0, 255);
}
