from django import forms
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


class FormKodeOtp(forms.Form):
    kode = forms.CharField(
        label="Kode dari aplikasi autentikator",
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "placeholder": "123456",
            }
        ),
        error_messages={"required": "Masukkan kode 6 angka dari aplikasi autentikator."},
    )
