using CrossBorder.Cli;

return await CliApp.RunAsync(args).ConfigureAwait(false);
