from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .views import password_reset, two_factor

app_name = "accounts"
urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password-reset/", password_reset.ForgottenPasswordView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/", password_reset.ForgottenPasswordSentView.as_view(), name="password_reset_sent"
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        password_reset.NewPasswordFromLinkView.as_view(),
        name="password_reset_confirm",
    ),
    path("password-reset/done/", password_reset.NewPasswordSetView.as_view(), name="password_reset_complete"),
    path("login/code/", two_factor.verify, name="two_factor_verify"),
    path("language/", views.set_language, name="set_language"),
    path("profile/", views.profile, name="profile"),
    path("profile/password/", views.OwnPasswordChangeView.as_view(), name="password_change"),
    path("profile/two-factor/", two_factor.setup, name="two_factor_setup"),
    path("profile/two-factor/remove/", two_factor.remove, name="two_factor_remove"),
    path("profile/two-factor/backup-codes/", two_factor.new_backup_codes, name="two_factor_backup_codes"),
    path("profile/tokens/", views.token_create, name="token_create"),
    path("profile/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_detail, name="user_detail"),
    path("users/<int:pk>/edit/", views.user_edit, name="user_edit"),
    path("users/<int:pk>/password/", views.user_password, name="user_password"),
    path("users/<int:pk>/two-factor/reset/", two_factor.reset_for_user, name="two_factor_reset"),
    path("users/<int:pk>/deactivate/", views.user_deactivate, name="user_deactivate"),
    path("users/<int:pk>/reactivate/", views.user_reactivate, name="user_reactivate"),
    path("users/<int:pk>/roles/", views.membership_add, name="membership_add"),
    path(
        "users/<int:pk>/roles/<int:membership_pk>/remove/", views.membership_remove, name="membership_remove"
    ),
]
