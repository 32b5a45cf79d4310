namespace Nabla.Cli; static class P { static void Main() {} }
