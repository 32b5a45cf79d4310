using System.CommandLine;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using System.Text.Json;
using Nabla.Kernels;
using Arm = System.Runtime.Intrinsics.Arm;
using X86 = System.Runtime.Intrinsics.X86;

namespace Nabla.Cli.Commands;

/// <summary><c>nabla info</c>: library and runtime versions, OS/architecture, SIMD support, cores and threads.</summary>
public static class InfoCommand
{
    /// <summary>Builds the <c>info</c> verb.</summary>
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of aligned text." };
        var command = new Command("info", "Show the Nabla version, .NET runtime, OS/architecture, SIMD support, cores and threads.")
        {
            json,
        };
        command.SetAction(parse =>
        {
            TextWriter output = parse.InvocationConfiguration.Output;
            SystemInfo info = SystemInfo.Collect();
            output.Write(parse.GetValue(json) ? info.ToJson() : info.ToText());
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Everything <c>nabla info</c> shows.</summary>
    /// <param name="NablaVersion">Informational version of the Nabla library.</param>
    /// <param name="Runtime">.NET runtime, e.g. <c>.NET 10.0.0</c>.</param>
    /// <param name="Os">Operating system description.</param>
    /// <param name="Arch">Process architecture, e.g. <c>x64</c>.</param>
    /// <param name="Vector512">Whether <see cref="System.Runtime.Intrinsics.Vector512"/> is hardware accelerated.</param>
    /// <param name="Vector256">Whether <see cref="System.Runtime.Intrinsics.Vector256"/> is hardware accelerated.</param>
    /// <param name="Vector128">Whether <see cref="System.Runtime.Intrinsics.Vector128"/> is hardware accelerated.</param>
    /// <param name="KernelPath">The SIMD path the kernels take (<see cref="Simd.Path"/>).</param>
    /// <param name="SimdWidthBits">Vector width of that path in bits (<see cref="Simd.WidthBits"/>).</param>
    /// <param name="Isa">Instruction-set extensions the JIT may use, e.g. <c>avx2 fma</c>.</param>
    /// <param name="Cores">Logical processors available to this process.</param>
    /// <param name="Threads">Threads one kernel call may use (<see cref="KernelThreads.Count"/>).</param>
    public sealed record SystemInfo(
        string NablaVersion, string Runtime, string Os, string Arch,
        bool Vector512, bool Vector256, bool Vector128, string KernelPath, int SimdWidthBits, IReadOnlyList<string> Isa,
        int Cores, int Threads)
    {
        /// <summary>Reads the facts of this process and machine.</summary>
        public static SystemInfo Collect()
        {
            return new SystemInfo(
                LibraryInfo.Version,
                RuntimeInformation.FrameworkDescription,
                RuntimeInformation.OSDescription,
                RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant(),
                System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated,
                System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated,
                System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated,
                Simd.Path.ToString(), Simd.WidthBits, InstructionSets(),
                Environment.ProcessorCount,
                KernelThreads.Count);
        }

        /// <summary>Aligned <c>key  value</c> lines.</summary>
        public string ToText()
        {
            static string YesNo(bool b) => b ? "yes" : "no";
            var sb = new StringBuilder();
            void Line(string key, string value) => sb.Append(key.PadRight(9)).Append(value).Append('\n');
            Line("Nabla", NablaVersion);
            Line("Runtime", Runtime);
            Line("OS", $"{Os} ({Arch})");
            Line("SIMD", $"kernels use the {KernelPath} path ({SimdWidthBits}-bit); hardware accelerated: " +
                         $"Vector512 {YesNo(Vector512)}, Vector256 {YesNo(Vector256)}, Vector128 {YesNo(Vector128)}");
            Line("ISA", Isa.Count == 0 ? "(none reported)" : string.Join(' ', Isa));
            Line("Cores", Cores.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Line("Threads", Threads.ToString(System.Globalization.CultureInfo.InvariantCulture) + " per kernel call");
            return sb.ToString();
        }

        /// <summary>One JSON object on one line, snake_case keys.</summary>
        public string ToJson()
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream))
            {
                w.WriteStartObject();
                w.WriteString("nabla_version", NablaVersion);
                w.WriteString("runtime", Runtime);
                w.WriteString("os", Os);
                w.WriteString("arch", Arch);
                w.WriteStartObject("simd");
                w.WriteString("kernel_path", KernelPath);
                w.WriteNumber("width_bits", SimdWidthBits);
                w.WriteBoolean("vector512", Vector512);
                w.WriteBoolean("vector256", Vector256);
                w.WriteBoolean("vector128", Vector128);
                w.WriteStartArray("isa");
                foreach (string isa in Isa) w.WriteStringValue(isa);
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteNumber("cores", Cores);
                w.WriteNumber("threads", Threads);
                w.WriteEndObject();
            }
            return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
        }

        private static List<string> InstructionSets()
        {
            var isa = new List<string>();
            void Add(bool supported, string name) { if (supported) isa.Add(name); }
            Add(X86.Sse42.IsSupported, "sse4.2");
            Add(X86.Avx.IsSupported, "avx");
            Add(X86.Avx2.IsSupported, "avx2");
            Add(X86.Fma.IsSupported, "fma");
            Add(X86.Avx512F.IsSupported, "avx512f");
            Add(X86.Avx512BW.IsSupported, "avx512bw");
            Add(X86.Avx512DQ.IsSupported, "avx512dq");
            Add(X86.Avx512Vbmi.IsSupported, "avx512vbmi");
            Add(X86.AvxVnni.IsSupported, "avx-vnni");
            Add(X86.Avx10v1.IsSupported, "avx10.1");
            Add(Arm.AdvSimd.IsSupported, "neon");
            Add(Arm.AdvSimd.Arm64.IsSupported, "asimd64");
            Add(Arm.Dp.IsSupported, "dotprod");
            Add(Arm.Rdm.IsSupported, "rdm");
            return isa;
        }
    }
}
