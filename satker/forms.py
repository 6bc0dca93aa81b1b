from django.contrib.auth.forms import AuthenticationForm


class FormMasuk(AuthenticationForm):
    """The login form with a plain Indonesian error (Django's own repeats "nama pengguna")."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": (
            "Nama pengguna atau kata sandi salah. Perhatikan huruf besar/kecil; setelah beberapa "
            "kali gagal, akun dikunci sementara."
        ),
        "inactive": "Akun ini tidak aktif. Hubungi admin satker.",
    }
