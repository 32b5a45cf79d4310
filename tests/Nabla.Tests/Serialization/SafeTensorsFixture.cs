using System.Text.Json;

namespace Nabla.Tests.Serialization;

/// <summary>Expected content of one tensor of a fixture file: float32 values as uint32 bit patterns.</summary>
public sealed class ExpectedTensor
{
    public string Dtype { get; init; } = "";
    public int[] Shape { get; init; } = [];
    public uint[] Bits { get; init; } = [];

    public float[] Values()
    {
        var v = new float[Bits.Length];
        for (int i = 0; i < v.Length; i++) v[i] = BitConverter.UInt32BitsToSingle(Bits[i]);
        return v;
    }
}

/// <summary>Expected content of one fixture .safetensors file.</summary>
public sealed class ExpectedFile
{
    public Dictionary<string, string> Metadata { get; init; } = [];
    public Dictionary<string, ExpectedTensor> Tensors { get; init; } = [];
}

/// <summary>The MLP input batch and PyTorch's output for it.</summary>
public sealed class ExpectedMlp
{
    public ExpectedTensor Input { get; init; } = new();
    public ExpectedTensor Output { get; init; } = new();
}

/// <summary>fixtures/safetensors.json, written by fixtures/generate_safetensors.py.</summary>
public sealed class SafeTensorsFixtureFile
{
    public string Torch { get; init; } = "";
    public Dictionary<string, ExpectedFile> Files { get; init; } = [];
    public ExpectedMlp Mlp { get; init; } = new();
}

/// <summary>Locates and loads the safetensors interop fixtures.</summary>
public static class SafeTensorsFixture
{
    private static readonly Lazy<SafeTensorsFixtureFile> Cached = new(Load);

    /// <summary>The parsed fixtures/safetensors.json.</summary>
    public static SafeTensorsFixtureFile Expected => Cached.Value;

    /// <summary>The source folder tests/Nabla.Tests/fixtures/safetensors (found by walking up from the test binaries).</summary>
    /// <remarks>
    /// The test project copies only fixtures/**/*.json next to the binaries, so the .safetensors files are read
    /// from the source tree, which every `dotnet test` run from a checkout has.
    /// </remarks>
    public static string Directory
    {
        get
        {
            string? dir = AppContext.BaseDirectory;
            while (dir is not null)
            {
                string candidate = Path.Combine(dir, "tests", "Nabla.Tests", "fixtures", "safetensors");
                if (System.IO.Directory.Exists(candidate)) return candidate;
                dir = Path.GetDirectoryName(dir);
            }
            throw new DirectoryNotFoundException(
                $"tests/Nabla.Tests/fixtures/safetensors not found above {AppContext.BaseDirectory}; " +
                "regenerate with /usr/bin/python3 tests/Nabla.Tests/fixtures/generate_safetensors.py");
        }
    }

    /// <summary>Full path of a fixture file.</summary>
    public static string PathOf(string fileName) => Path.Combine(Directory, fileName);

    private static SafeTensorsFixtureFile Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "fixtures", "safetensors.json");
        if (!File.Exists(path))
            throw new FileNotFoundException($"fixture {path} is missing; regenerate with /usr/bin/python3 tests/Nabla.Tests/fixtures/generate_safetensors.py", path);
        var options = new JsonSerializerOptions { PropertyNameCaseInsensitive = true };
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<SafeTensorsFixtureFile>(stream, options)
               ?? throw new InvalidDataException($"fixture {path} is empty");
    }
}
