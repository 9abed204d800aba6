# Memberships now belong to `orgunits` (see accounts 0003): the state takes over the existing
# table, which is then renamed to this app's name; the change log's rows keep pointing at the
# same content type, which is relabelled rather than recreated.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def relabel_content_type(apps, schema_editor):
    ContentType = apps.get_model('contenttypes', 'ContentType')
    ContentType.objects.filter(app_label='accounts', model='membership').update(app_label='orgunits')


def restore_content_type(apps, schema_editor):
    ContentType = apps.get_model('contenttypes', 'ContentType')
    ContentType.objects.filter(app_label='orgunits', model='membership').update(app_label='accounts')


class Migration(migrations.Migration):

    dependencies = [
        ('orgunits', '0003_fill_unit_search_text'),
        ('accounts', '0003_membership_moves_to_orgunits'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Membership',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('role', models.CharField(choices=[('viewer', 'viewer'), ('reporter', 'reporter'), ('manager', 'unit manager'), ('office', 'office'), ('admin', 'administrator')], max_length=16, verbose_name='role')),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='memberships', to='orgunits.orgunit', verbose_name='unit')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                    ],
                    options={
                        'verbose_name': 'membership',
                        'verbose_name_plural': 'memberships',
                        'ordering': ['unit__path', 'role'],
                        'constraints': [models.UniqueConstraint(fields=('user', 'unit', 'role'), name='membership_unique_user_unit_role')],
                        'db_table': 'accounts_membership',
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name='membership', table=None),
        migrations.RunPython(relabel_content_type, restore_content_type),
    ]
