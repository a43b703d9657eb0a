using System.Globalization;
using CrossBorder.Core.Storage;
using Microsoft.Data.Sqlite;

namespace CrossBorder.Storage.Sqlite;

// The file and its schema: created for the owner only, upgraded step by step in one transaction.
internal sealed partial class SqliteDatabase
{
    private static void Upgrade(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version;";
        var version = Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        if (version > SqliteSchema.Version)
        {
            throw new InvalidOperationException(string.Create(
                CultureInfo.InvariantCulture,
                $"the message database has schema version {version}; this gateway knows up to {SqliteSchema.Version}"));
        }

        if (version == SqliteSchema.Version)
        {
            return;
        }

        for (var step = version; step < SqliteSchema.Version; step++)
        {
            command.CommandText = SqliteSchema.Steps[step];
            command.ExecuteNonQuery();
        }

        command.CommandText = string.Create(CultureInfo.InvariantCulture, $"PRAGMA user_version = {SqliteSchema.Version};");
        command.ExecuteNonQuery();
        transaction.Commit();
    }

    private void PrepareFile()
    {
        var folder = Path.GetDirectoryName(_databasePath);
        if (!string.IsNullOrEmpty(folder))
        {
            PrivateFolder.Create(folder);
        }

        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // Created with mode 0600 before SQLite opens it; SQLite gives its -wal and -shm files the same mode.
        if (!File.Exists(_databasePath))
        {
            try
            {
                using var created = new FileStream(_databasePath, new FileStreamOptions
                {
                    Mode = FileMode.CreateNew,
                    Access = FileAccess.Write,
                    UnixCreateMode = OwnerOnly,
                });
            }
            catch (IOException) when (File.Exists(_databasePath))
            {
                // Created in between: its mode is checked below.
            }
        }

        if ((File.GetUnixFileMode(_databasePath) & GroupOrOther) != 0)
        {
            File.SetUnixFileMode(_databasePath, OwnerOnly);
        }
    }
}
