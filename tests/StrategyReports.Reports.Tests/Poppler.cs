using System.Diagnostics;

namespace StrategyReports.Reports.Tests;

/// <summary>poppler-utils on rendered reports, so assertions read what a real PDF reader reads.</summary>
internal static class Poppler
{
    public static IReadOnlyList<string> PageTexts(byte[] pdf) => Run("pdftotext", pdf, "-layout", "{pdf}", "-").Split('\f').SkipLast(1).ToList();

    public static string AllText(byte[] pdf) => string.Join('\n', PageTexts(pdf));

    /// <summary>The text in drawing order with every run of white space made one space, so a table cell wrapped over lines reads as one phrase.</summary>
    public static string FlowText(byte[] pdf) => string.Join(' ', Run("pdftotext", pdf, "-raw", "{pdf}", "-").Split((char[])[' ', '\n', '\f', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries));

    public static IReadOnlyDictionary<string, string> Info(byte[] pdf) =>
        Run("pdfinfo", pdf, "{pdf}")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim());

    public static string Fonts(byte[] pdf) => Run("pdffonts", pdf, "{pdf}");

    /// <summary>Writes page <paramref name="page"/> as a PNG at 60 dpi (<c>pdftoppm -r 60 -png</c>) and returns its path.</summary>
    public static string PagePng(byte[] pdf, int page, string path)
    {
        Run("pdftoppm", pdf, "-r", "60", "-png", "-f", $"{page}", "-l", $"{page}", "-singlefile", "{pdf}", path[..^".png".Length]);
        return path;
    }

    private static string Run(string tool, byte[] pdf, params string[] arguments)
    {
        var file = Path.Combine(Path.GetTempPath(), "sr-report-" + Guid.NewGuid().ToString("N") + ".pdf");
        File.WriteAllBytes(file, pdf);
        try
        {
            var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument == "{pdf}" ? file : argument);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"{tool} failed ({process.ExitCode}): {error.Result}");
            return output;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
