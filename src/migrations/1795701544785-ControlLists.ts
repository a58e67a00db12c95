import { MigrationInterface, QueryRunner } from 'typeorm';

export class ControlLists1795701544785 implements MigrationInterface {
  name = 'ControlLists1795701544785';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "control_list" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "jurisdiction_code" character varying(8) NOT NULL,
                "name" text NOT NULL,
                "instrument" text NOT NULL DEFAULT '',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_751025e619c6d039932659343ab" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_e968d00f1c04897951bc4527fe" ON "control_list" ("jurisdiction_code", "name")
        `);
    await queryRunner.query(`
            CREATE TABLE "control_list_version" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "list_id" uuid NOT NULL,
                "label" text NOT NULL,
                "status" character varying(16) NOT NULL DEFAULT 'DRAFT',
                "effective_from" date,
                "effective_to" date,
                "source" text NOT NULL DEFAULT '',
                "coverage" text array NOT NULL DEFAULT '{}',
                "based_on_version_id" uuid,
                "created_by_id" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "published_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_b18028b6849dc10cdcb97a790c1" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_a0597e2502e85f2a163977d3f1" ON "control_list_version" ("list_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_control_list_version_published" ON "control_list_version" ("list_id")
            WHERE status = 'PUBLISHED'
        `);
    await queryRunner.query(`
            CREATE TABLE "control_entry" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "version_id" uuid NOT NULL,
                "control_number" text NOT NULL,
                "parent_number" text,
                "title" text NOT NULL,
                "text" text NOT NULL,
                "parameters" jsonb NOT NULL DEFAULT '[]',
                "reasons_for_control" text array NOT NULL DEFAULT '{}',
                "regime_references" text array NOT NULL DEFAULT '{}',
                "hs_codes" text array NOT NULL DEFAULT '{}',
                "notes" text,
                "exclusions" jsonb NOT NULL DEFAULT '[]',
                "tier" character varying(16) NOT NULL,
                "tier_illustrative" boolean NOT NULL DEFAULT false,
                "source" text,
                CONSTRAINT "PK_8bc2d57c015b94f46b7c3a22f2b" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_06f00bcbad778ef0fa8fdb1e00" ON "control_entry" ("version_id", "control_number")
        `);
    await queryRunner.query(`
            CREATE TABLE "taxonomy_node" (
                "code" character varying(120) NOT NULL,
                "parent_code" character varying(120),
                "label" text NOT NULL,
                "description" text NOT NULL DEFAULT '',
                "kind" character varying(24) NOT NULL,
                "hs_codes" text array NOT NULL DEFAULT '{}',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_b14cd9535fe8e953600dfef75a1" PRIMARY KEY ("code")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_a50ffd5ed0609369005e0c69cf" ON "taxonomy_node" ("parent_code")
        `);
    await queryRunner.query(`
            CREATE TABLE "entry_mapping" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "entry_id" uuid NOT NULL,
                "taxonomy_code" character varying(120) NOT NULL,
                "relation" character varying(16) NOT NULL,
                "status" character varying(16) NOT NULL,
                "note" text,
                "proposed_by_id" text,
                "proposed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "reviewed_by_id" text,
                "reviewed_at" TIMESTAMP WITH TIME ZONE,
                "review_note" text,
                "successor_entry_id" uuid,
                CONSTRAINT "PK_b80c0ce3bc41c013322f1aa7ace" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_entry_mapping_live" ON "entry_mapping" ("entry_id", "taxonomy_code")
            WHERE status IN ('PROPOSED', 'ACCEPTED')
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_255d427c7f1e936a1c8c16060d" ON "entry_mapping" ("entry_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_f94c1549100a8f9159038653c7" ON "entry_mapping" ("taxonomy_code", "status")
        `);
    await queryRunner.query(`
            ALTER TABLE "control_list"
            ADD CONSTRAINT "FK_bf97133e50d1cc024a2b79a28cd" FOREIGN KEY ("jurisdiction_code") REFERENCES "jurisdiction"("code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "control_list_version"
            ADD CONSTRAINT "FK_a0597e2502e85f2a163977d3f15" FOREIGN KEY ("list_id") REFERENCES "control_list"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "control_entry"
            ADD CONSTRAINT "FK_af609419f929a6648cc048021a6" FOREIGN KEY ("version_id") REFERENCES "control_list_version"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "taxonomy_node"
            ADD CONSTRAINT "FK_a50ffd5ed0609369005e0c69cf8" FOREIGN KEY ("parent_code") REFERENCES "taxonomy_node"("code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "entry_mapping"
            ADD CONSTRAINT "FK_255d427c7f1e936a1c8c16060d7" FOREIGN KEY ("entry_id") REFERENCES "control_entry"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "entry_mapping"
            ADD CONSTRAINT "FK_2c2289129890278d2367f0b5077" FOREIGN KEY ("taxonomy_code") REFERENCES "taxonomy_node"("code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    // Hand-made indexes (declared with synchronize: false on the entities).
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(`
            CREATE INDEX "idx_control_entry_fts" ON "control_entry"
            USING GIN (to_tsvector('english'::regconfig, control_number || ' ' || title || ' ' || text))
        `);
    await queryRunner.query(`CREATE INDEX "idx_control_entry_title_trgm" ON "control_entry" USING GIN (title gin_trgm_ops)`);
    await queryRunner.query(`CREATE INDEX "idx_taxonomy_node_code_pattern" ON "taxonomy_node" (code varchar_pattern_ops)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_taxonomy_node_code_pattern"`);
    await queryRunner.query(`DROP INDEX "idx_control_entry_title_trgm"`);
    await queryRunner.query(`DROP INDEX "idx_control_entry_fts"`);
    await queryRunner.query(`
            ALTER TABLE "entry_mapping" DROP CONSTRAINT "FK_2c2289129890278d2367f0b5077"
        `);
    await queryRunner.query(`
            ALTER TABLE "entry_mapping" DROP CONSTRAINT "FK_255d427c7f1e936a1c8c16060d7"
        `);
    await queryRunner.query(`
            ALTER TABLE "taxonomy_node" DROP CONSTRAINT "FK_a50ffd5ed0609369005e0c69cf8"
        `);
    await queryRunner.query(`
            ALTER TABLE "control_entry" DROP CONSTRAINT "FK_af609419f929a6648cc048021a6"
        `);
    await queryRunner.query(`
            ALTER TABLE "control_list_version" DROP CONSTRAINT "FK_a0597e2502e85f2a163977d3f15"
        `);
    await queryRunner.query(`
            ALTER TABLE "control_list" DROP CONSTRAINT "FK_bf97133e50d1cc024a2b79a28cd"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_f94c1549100a8f9159038653c7"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_255d427c7f1e936a1c8c16060d"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_entry_mapping_live"
        `);
    await queryRunner.query(`
            DROP TABLE "entry_mapping"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_a50ffd5ed0609369005e0c69cf"
        `);
    await queryRunner.query(`
            DROP TABLE "taxonomy_node"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_06f00bcbad778ef0fa8fdb1e00"
        `);
    await queryRunner.query(`
            DROP TABLE "control_entry"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_control_list_version_published"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_a0597e2502e85f2a163977d3f1"
        `);
    await queryRunner.query(`
            DROP TABLE "control_list_version"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_e968d00f1c04897951bc4527fe"
        `);
    await queryRunner.query(`
            DROP TABLE "control_list"
        `);
  }
}
