"""Pictures: originals with their caption, credit and alt text."""
from django.db import models
from django.utils import timezone


class Image(models.Model):
    file = models.ImageField(upload_to="images/%Y/%m/", width_field="width", height_field="height")
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    caption = models.TextField(blank=True)
    credit = models.CharField(max_length=200, blank=True, help_text="Photographer / agency, as printed.")
    alt_text = models.CharField(max_length=300, blank=True,
                                help_text="What the picture shows, for readers who cannot see it. Required to publish.")
    focal_x = models.FloatField(default=0.5, help_text="Horizontal focus for crops, 0 (left) to 1 (right).")
    focal_y = models.FloatField(default=0.5, help_text="Vertical focus for crops, 0 (top) to 1 (bottom).")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    renditions = models.JSONField(default=dict, blank=True, editable=False,
                                  help_text="Resized copies made from the original (see articles/images.py).")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(focal_x__gte=0, focal_x__lte=1, focal_y__gte=0, focal_y__lte=1),
                name="image_focal_point_in_frame",
            )
        ]

    def __str__(self):
        return self.caption[:60] or self.file.name
