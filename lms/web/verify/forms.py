"""Verification forms: a code typed in, or a credential or certificate file uploaded."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import FileField, StringField
from wtforms.validators import InputRequired, Length, ValidationError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class CodeForm(FlaskForm):
    """The verification code printed on a certificate (sent by GET, so no CSRF token)."""

    class Meta:
        csrf = False

    code = StringField(
        "Verification code",
        validators=[
            InputRequired("Enter the verification code printed on the certificate."),
            Length(max=40, message="A verification code has 11 characters, such as 7KQ2-M9XD-H3Z."),
        ],
    )


class UploadForm(FlaskForm):
    """A credential file (JSON) or a certificate (PDF) to check."""

    document = FileField("Credential (.json) or certificate (.pdf)")

    def validate_document(self, field: FileField) -> None:
        upload = field.data
        if upload is None or not getattr(upload, "filename", ""):
            raise ValidationError("Choose a credential or certificate file to check.")
        data = upload.read(MAX_UPLOAD_BYTES + 1)
        if not data:
            raise ValidationError("The file is empty.")
        if len(data) > MAX_UPLOAD_BYTES:
            raise ValidationError("The file is larger than 5 MB, so it is not one of ours.")
        self.content = data
