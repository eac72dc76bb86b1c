using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NotifyBridge.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EventSearchAndCounters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Events_ProviderId",
                table: "Events");

            migrationBuilder.AddColumn<string>(
                name: "IdempotencyKey",
                table: "Events",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Severity",
                table: "Events",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "EventHourlyCounts",
                columns: table => new
                {
                    ProviderId = table.Column<long>(type: "INTEGER", nullable: false),
                    HourStart = table.Column<DateTime>(type: "TEXT", nullable: false),
                    OwnerId = table.Column<string>(type: "TEXT", nullable: false),
                    Count = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EventHourlyCounts", x => new { x.ProviderId, x.HourStart });
                    table.ForeignKey(
                        name: "FK_EventHourlyCounts_AspNetUsers_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_EventHourlyCounts_Providers_ProviderId",
                        column: x => x.ProviderId,
                        principalTable: "Providers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RetentionRuns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Cutoff = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RowsDeleted = table.Column<long>(type: "INTEGER", nullable: false),
                    DetailsJson = table.Column<string>(type: "TEXT", nullable: false),
                    Error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RetentionRuns", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Events_ProviderId_IdempotencyKey",
                table: "Events",
                columns: new[] { "ProviderId", "IdempotencyKey" },
                unique: true,
                filter: "\"IdempotencyKey\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_EventHourlyCounts_OwnerId_HourStart",
                table: "EventHourlyCounts",
                columns: new[] { "OwnerId", "HourStart" });

            migrationBuilder.CreateIndex(
                name: "IX_RetentionRuns_StartedAt",
                table: "RetentionRuns",
                column: "StartedAt");

            // Full-text search over collection, provider, title and summary (not the details
            // JSON: indexing it too makes inserts about 4x slower instead of about 2x). An
            // external-content FTS5 table. New events are indexed by the code that inserts
            // them, one INSERT ... SELECT per batch in the same transaction (EventSearchIndex):
            // a per-row trigger flushes FTS5's pending terms after every statement and measured
            // ~20x slower than the batch. Deletes and updates keep triggers (retention deletes
            // in batches of one statement anyway).
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "EventSearch" USING fts5(
                    "CollectionName", "ProviderName", "Title", "Summary",
                    content='Events', content_rowid='Id', tokenize='porter unicode61 remove_diacritics 2');

                CREATE TRIGGER "Events_SearchDelete" AFTER DELETE ON "Events" BEGIN
                    INSERT INTO "EventSearch"("EventSearch", rowid, "CollectionName", "ProviderName", "Title", "Summary")
                    VALUES ('delete', old."Id", old."CollectionName", old."ProviderName", old."Title", old."Summary");
                END;

                CREATE TRIGGER "Events_SearchUpdate" AFTER UPDATE OF "CollectionName", "ProviderName", "Title", "Summary" ON "Events" BEGIN
                    INSERT INTO "EventSearch"("EventSearch", rowid, "CollectionName", "ProviderName", "Title", "Summary")
                    VALUES ('delete', old."Id", old."CollectionName", old."ProviderName", old."Title", old."Summary");
                    INSERT INTO "EventSearch"(rowid, "CollectionName", "ProviderName", "Title", "Summary")
                    VALUES (new."Id", new."CollectionName", new."ProviderName", new."Title", new."Summary");
                END;

                INSERT INTO "EventSearch"("EventSearch") VALUES ('rebuild');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS "Events_SearchUpdate";
                DROP TRIGGER IF EXISTS "Events_SearchDelete";
                DROP TABLE IF EXISTS "EventSearch";
                """);

            migrationBuilder.DropTable(
                name: "EventHourlyCounts");

            migrationBuilder.DropTable(
                name: "RetentionRuns");

            migrationBuilder.DropIndex(
                name: "IX_Events_ProviderId_IdempotencyKey",
                table: "Events");

            migrationBuilder.DropColumn(
                name: "IdempotencyKey",
                table: "Events");

            migrationBuilder.DropColumn(
                name: "Severity",
                table: "Events");

            migrationBuilder.CreateIndex(
                name: "IX_Events_ProviderId",
                table: "Events",
                column: "ProviderId");
        }
    }
}
