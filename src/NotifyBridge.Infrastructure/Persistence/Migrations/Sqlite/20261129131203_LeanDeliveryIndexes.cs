using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NotifyBridge.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LeanDeliveryIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deliveries_CreatedAt",
                table: "Deliveries");

            migrationBuilder.DropIndex(
                name: "IX_Deliveries_DeferredDispatchId",
                table: "Deliveries");

            migrationBuilder.DropIndex(
                name: "IX_Deliveries_IdempotencyKey",
                table: "Deliveries");

            migrationBuilder.DropIndex(
                name: "IX_Deliveries_LinkId",
                table: "Deliveries");

            migrationBuilder.DropIndex(
                name: "IX_Deliveries_Status_NextAttemptAt_Id",
                table: "Deliveries");

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_DeferredDispatchId",
                table: "Deliveries",
                column: "DeferredDispatchId",
                filter: "\"DeferredDispatchId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_LinkId",
                table: "Deliveries",
                column: "LinkId",
                filter: "\"LinkId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_Pending_Due",
                table: "Deliveries",
                columns: new[] { "NextAttemptAt", "Id" },
                filter: "\"Status\" = 'Pending'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deliveries_DeferredDispatchId",
                table: "Deliveries");

            migrationBuilder.DropIndex(
                name: "IX_Deliveries_LinkId",
                table: "Deliveries");

            migrationBuilder.DropIndex(
                name: "IX_Deliveries_Pending_Due",
                table: "Deliveries");

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_CreatedAt",
                table: "Deliveries",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_DeferredDispatchId",
                table: "Deliveries",
                column: "DeferredDispatchId");

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_IdempotencyKey",
                table: "Deliveries",
                column: "IdempotencyKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_LinkId",
                table: "Deliveries",
                column: "LinkId");

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_Status_NextAttemptAt_Id",
                table: "Deliveries",
                columns: new[] { "Status", "NextAttemptAt", "Id" });
        }
    }
}
