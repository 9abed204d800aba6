"""All task URLs, under the `tasks` namespace; each group of pages keeps its routes beside its views."""

from . import urls_follow_up, urls_lists, urls_rates

app_name = "tasks"
urlpatterns = [*urls_lists.urlpatterns, *urls_rates.urlpatterns, *urls_follow_up.urlpatterns]
