"""How letters address a complainant: «جناب آقای», «سرکار خانم», or NULL for «شاکی محترم»."""

from peewee import *


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("person", "honorific", CharField(max_length=10, null=True))
    )


def down(migrator, db):
    migrator.migrate(migrator.drop_column("person", "honorific"))
