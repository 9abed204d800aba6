# Memberships and roles moved to `orgunits`, below `accounts` in the layers, so the scope policy
# that reads them sits with the tree it covers. The table is kept and handed over to `orgunits`;
# only Django's idea of which app owns the model changes here.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_user_manager_with_scoped_reads'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='Membership')],
            database_operations=[],
        ),
    ]
